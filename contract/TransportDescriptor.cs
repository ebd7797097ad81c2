namespace Transports.Contract;

/// <summary>
/// Everything the suite knows about one transport in one place: how it is named, drawn, reached and framed.
/// <see cref="TransportIds.All"/> lists them; servers, clients, codecs, charts and tests iterate that list, and a
/// test fails when one of them misses a descriptor.
/// </summary>
public sealed record TransportDescriptor
{
    /// <summary>The stable id: CLI, results.json, CSV columns and chart keys use it.</summary>
    public required string Id { get; init; }

    /// <summary>How the transport is named on a slide.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Its chart colour in both themes (Okabe-Ito: safe for colour-blind readers, on white and on near-black).</summary>
    public required string Color { get; init; }

    /// <summary>The HTTP path it is served on; null for a transport with a port of its own (the tcp floor).</summary>
    public string? Path { get; init; }

    public required TransportFamily Family { get; init; }

    public required WireFormat WireFormat { get; init; }

    public TransportHost Host { get; init; } = TransportHost.Kestrel;

    /// <summary>How a browser page speaks it (<see cref="BrowserApi.None"/>: a page cannot).</summary>
    public BrowserApi Browser { get; init; } = BrowserApi.None;

    /// <summary>
    /// The bare transport a library or sub-protocol rides on (e.g. STOMP rides on websocket), so its overhead can
    /// be read against that one's; null for a bare transport.
    /// </summary>
    public string? RidesOn { get; init; }

    /// <summary>
    /// Our server writes the events already waiting under one flush when coalescing is on (`--coalesce`), each still in
    /// its own frame. False where we don't control the flush: STOMP waits for its acknowledgement window between
    /// MESSAGE frames (a held flush could hold back frames the client must see to acknowledge) and SignalR's own send
    /// loop writes as the library decides, so a "coalescing off" figure for either would be a label only.
    /// </summary>
    public bool CoalescesWrites { get; init; }

    /// <summary>The raw-TCP floor every other transport is compared with; exactly one descriptor is.</summary>
    public bool IsFloor { get; init; }

    /// <summary>The id, so a descriptor reads as its id in messages and joined lists.</summary>
    public override string ToString() => Id;
}
