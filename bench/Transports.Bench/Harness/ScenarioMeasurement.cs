using Transports.Contract;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>Everything counted for one scenario, before it is turned into figures.</summary>
public sealed record ScenarioMeasurement(
    Scenario Scenario,
    IReadOnlyList<ClientRecorder> Recorders,
    long Reconnects,
    long Errors,
    double SetupBytesPerClient,
    long FirstSequence,
    long LastSequence,
    WireSnapshot ClientWire,
    TcpTotals? ClientTcp,
    ServerStats ServerEnd,
    ServerStats ServerStart,
    UpstreamCount Upstream,
    UpstreamStats UpstreamStats,
    bool WindowClean)
{
    /// <summary>The server's memory before the clients connected and after (each after a forced collection).</summary>
    public ServerMemory? MemoryBefore { get; init; }

    public ServerMemory? MemoryAfter { get; init; }

    /// <summary>Server memory at each full minute of a long window.</summary>
    public IReadOnlyList<ServerMemorySample> MemorySamples { get; init; } = [];
    /// <summary>The server's clock against this host's, estimated before the window (publish timestamps were corrected by it).</summary>
    public ClockOffset? Clock { get; init; }

    /// <summary>
    /// False for browser clients: <see cref="ClientWire"/> is empty, the client-side counts are absent and the
    /// per-event figures come from the server's counts.
    /// </summary>
    public bool ClientsCountBytes { get; init; } = true;

    /// <summary>The clients' HTTP connections were plain HTTP/1.1, so <see cref="ClientWire"/> counts their heads.</summary>
    public bool ClientHeadsSplit { get; init; }

    /// <summary>Browser clients: the largest uncertainty of the pages' clock offsets to this host's.</summary>
    public double? PageClockUncertaintyMs { get; init; }
    /// <summary>The transports the clients negotiated (a library's own names, joined), null for clients that do not negotiate.</summary>
    public string? NegotiatedTransport { get; init; }
}
