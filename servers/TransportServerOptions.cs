using System.Net;

namespace Transports.Servers;

/// <summary>Everything a server can be told. Defaults suit both the harness and a hand-started demo.</summary>
public sealed record TransportServerOptions
{
    /// <summary>Loopback unless told otherwise: this suite never listens beyond the machine by default.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// Where the control plane listens: loopback unless told otherwise, whatever <see cref="Address"/> is, so opening
    /// the transports to the network never opens the control plane with them. Anywhere else needs a <see cref="ControlToken"/>.
    /// </summary>
    public IPAddress ControlAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The bearer token every control request must carry (null: none, allowed on loopback only). See <see cref="ControlAccess"/>.</summary>
    public string? ControlToken { get; init; }

    /// <summary>0: the OS picks a free port.</summary>
    public int HttpPort { get; init; }
    public int TcpPort { get; init; }
    public int ControlPort { get; init; }

    /// <summary>HTTPS (HTTP/1.1 and h2 by ALPN), plain HTTP/2 (h2c) and TLS over TCP: 0, the OS picks.</summary>
    public int HttpsPort { get; init; }
    public int H2cPort { get; init; }
    public int TlsTcpPort { get; init; }

    /// <summary>Events per second published from start (0: only when told). The demo's default is 2.</summary>
    public double PublishRateHz { get; init; }
    public int PayloadBytes { get; init; } = 64;

    /// <summary>When the feed publishes at that rate: <see cref="Contract.FeedArrivals"/> fixed (the default) or poisson.</summary>
    public string Arrivals { get; init; } = Contract.FeedArrivals.Fixed;

    /// <summary>The seed of Poisson arrivals (null: one is chosen and reported by GET /control/feed).</summary>
    public int? ArrivalSeed { get; init; }

    /// <summary>The largest upstream message (HTTP body, WebSocket message, TCP frame) the server takes.</summary>
    public int MaxUpstreamBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a long-poll is held with nothing to send (RFC 6202 §5.5: 30 s is safe).</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most events one poll or long-poll response carries.</summary>
    public int MaxBatchEvents { get; init; } = 4096;

    /// <summary>
    /// Origins a browser's request to any transport (WebSocket handshake, stream, poll, publish) may come from. Empty: requests without Origin (non-browser clients)
    /// and pages served from this machine (localhost, 127.0.0.1, [::1]) are allowed; "*" allows any.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// The live page's buttons (rate, payload, drop) work: `/demo` is mapped on the transport port, for pages of this
    /// server's own origin on this machine only (<see cref="DemoControls"/>). Off unless `serve --demo-controls`.
    /// </summary>
    public bool DemoControls { get; init; }

    /// <summary>
    /// Count what crossed an ended connection's socket to the end (kernel TCP_INFO through a duplicated descriptor, held
    /// until the close settles): input never read and output never taken. Off by default: holding the copy delays the
    /// connection's close by up to <see cref="ServerWireStats"/>'s settle time, and under forced drops that changed
    /// what the clients saw (events lost or twice across a drop in the full suite), so the system under test is not
    /// the same with it on. The teardown tests switch it on; until the hold is made invisible to the peer it stays off.
    /// </summary>
    public bool TeardownCounts { get; init; }

    /// <summary>History kept for resuming subscribers: at most this many events and bytes.</summary>
    public int HistoryEvents { get; init; } = 65536;
    public long HistoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// A deliberately worse server for regression tests: pad every HTTP response with a header of this many
    /// bytes (0: off).
    /// </summary>
    public int ExtraResponseHeaderBytes { get; init; }

    /// <summary>A deliberately worse polling server: close the connection after every poll.</summary>
    public bool PollingKeepAlive { get; init; } = true;

    /// <summary>
    /// Streaming transports write every event already waiting under one flush, each still in a frame of its own, as
    /// production servers do (false: one flush per event, each framed and sent as if it had been the only one waiting).
    /// The starting value of <see cref="WriteCoalescing"/>, which the control plane switches.
    /// </summary>
    public bool CoalesceEvents { get; init; } = true;

    /// <summary>
    /// STOMP heart-beating: the interval the server offers both ways in CONNECTED (zero: off, <c>0,0</c>). A direction
    /// beats only when the client asks for it too, at the larger of the two figures (STOMP 1.2, "Heart-beating").
    /// </summary>
    public TimeSpan StompHeartbeat { get; init; }

    /// <summary>
    /// The clock of every schedule: the publish rate, the long-poll hold. Latency timestamps never use it: they stay
    /// on <see cref="System.Diagnostics.Stopwatch"/>, the monotonic clock client and server share.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
