using Transports.Contract;
using Transports.Results.Comparison;

namespace Transports.Results;

/// <summary>
/// THE list of metrics: every figure of a <see cref="ScenarioResult"/> (<see cref="All"/>), and the
/// <see cref="Headline"/> ones that get a table in summary.md, the console and report.html and a row in
/// `ci`'s comparison. Adding one: an entry here (in <see cref="Headline"/> too if it is one) and the
/// property on <see cref="ScenarioResult"/>; a metric some scenarios cannot measure reads
/// <see cref="MetricValue.Absent"/> there (a nullable property left null), never zero.
/// </summary>
public static class Metrics
{
    // Deterministic figures are held to 1.5%. Bytes also need half a byte (framing rounds to whole bytes). Polling's
    // bytes and requests per event depend on how many polls fit the window (its length over the interval, ± 1), so
    // they are held to 10%.
    private static readonly Tolerance Counts = new(0.015, 0) { ByTransport = Polling(new Tolerance(0.10, 0)) };
    private static readonly Tolerance WireBytes = new(0.015, 0.5) { ByTransport = Polling(new Tolerance(0.10, 0.5)) };

    // Setup bytes carry the subscription's starting sequence (X-Cursor, the TCP acknowledgement), whose digit count
    // depends on how many events came before: a few bytes of that are not a regression.
    private static readonly Tolerance SetupCursorDigits = new(0.015, 4);

    // Noisy figures: the ratio to the floor must move 10%, and the value by more than the unit's resolution.
    private static readonly Tolerance Milliseconds = new(0.10, 0.05);
    private static readonly Tolerance MillisecondsPerEvent = new(0.10, 0.001);
    private static readonly Tolerance AllocatedBytes = new(0.10, 16);

    public static Metric OverheadBytesPerEvent { get; } = Wire("overheadBytesPerEvent", "Header overhead per event", r => r.OverheadBytesPerEvent,
        "Wire bytes of the window, both directions, minus payload bytes, over events delivered.");

    public static Metric OverheadBytesPerEventDown { get; } = Wire("overheadBytesPerEventDown", "Overhead per event, server to client", r => r.OverheadBytesPerEventDown,
        "Bytes the clients received minus payload received, over events delivered.");

    public static Metric OverheadBytesPerEventUp { get; } = Wire("overheadBytesPerEventUp", "Overhead per event, client to server", r => r.OverheadBytesPerEventUp,
        "Bytes the clients sent minus upstream payload, over events delivered.");

    /// <summary>Absent without HTTP requests.</summary>
    public static Metric OverheadBytesPerRequest { get; } = Wire("overheadBytesPerRequest", "Header overhead per HTTP request", r => r.OverheadBytesPerRequest,
        "Wire bytes of the window, both directions, minus payload bytes, over HTTP requests: what one request and its answer cost.") with { Unit = "B/request" };

    /// <summary>Absent where the clients' socket bytes are not HTTP/1.1 text (TLS, HTTP/2), for browser clients and without requests.</summary>
    public static Metric HeaderBytesPerRequest { get; } = Wire("headerBytesPerRequest", "HTTP header bytes per request", r => r.HeaderBytesPerRequest,
        "Bytes of the HTTP/1.1 heads at the clients' sockets in the window (request heads sent, response heads received; each its start line, header lines and the empty line that ends it, CRLFs included; told from bodies by Content-Length and chunked framing) over HTTP requests: the header bytes one request and its answer put on the wire.") with { Unit = "B/request" };

    /// <summary>Absent where <see cref="HeaderBytesPerRequest"/> is.</summary>
    public static Metric HeaderTextBytesPerRequest { get; } = Wire("headerTextBytesPerRequest", "HTTP header text per request", r => r.HeaderTextBytesPerRequest,
        "The same heads without their line ends (2 B for each line, the empty one included) over HTTP requests: the characters of header text, as Lubbers & Greco counted their 871 (909 with CRLFs).") with { Unit = "B/request" };

    // What the kernel counted on the clients' sockets: it moves with how ACKs fall (delayed, piggybacked), so noisy.
    private static readonly Tolerance Packets = new(0.10, 0.05);

    /// <summary>Absent where TCP_INFO is missing.</summary>
    public static Metric PacketsPerEvent { get; } = new()
    {
        Name = "packetsPerEvent",
        Title = "TCP segments per event",
        Description = "Segments the clients' sockets sent and received in the window (Linux TCP_INFO: SYN, ACK and FIN included) over events delivered.",
        Unit = "segments/event",
        Format = "0.###",
        Kind = MetricKind.Noisy,
        Tolerance = Packets,
        Read = r => r.PacketsPerEvent,
    };

    /// <summary>Absent where TCP_INFO is missing.</summary>
    public static Metric IpBytesPerEvent { get; } = new()
    {
        Name = "ipBytesPerEvent",
        Title = "IP bytes per event",
        Description = "TCP payload plus the IP and TCP headers of every segment of the clients' sockets (header size read from the connection: 52 B with timestamps) over events delivered.",
        Unit = "B/event",
        Format = "0.#",
        Kind = MetricKind.Noisy,
        Tolerance = Packets,
        Read = r => r.IpBytesPerEvent,
    };

    public static Metric RequestsPerEvent { get; } = new()
    {
        Name = "requestsPerEvent",
        Title = "HTTP requests per event",
        Description = "HTTP requests the clients opened in the window over events delivered.",
        Unit = "req/event",
        Format = "0.###",
        Tolerance = Counts,
        Read = r => r.RequestsPerEvent,
    };

    public static Metric SetupBytes { get; } = new()
    {
        Name = "setupBytes",
        Title = "Setup bytes per client",
        Description = "Wire bytes per client from connecting until its subscription was open.",
        Unit = "B",
        Format = "0",
        Tolerance = SetupCursorDigits,
        Read = r => r.SetupBytes,
    };

    public static Metric EventsLost { get; } = Count("eventsLost", "Events lost", "events", r => r.EventsLost,
        "Events published in the window that some client never received (by sequence number).");

    public static Metric LatencyP50 { get; } = Latency("latencyMs", "p50", "Latency p50", r => r.LatencyMs.P50) with { WindowSamples = r => r.WindowLatencyP50Ms };

    public static Metric LatencyP99 { get; } = Latency("latencyMs", "p99", "Latency p99", r => r.LatencyMs.P99);

    public static Metric LatencyMax { get; } = Latency("latencyMs", "max", "Latency max", r => r.LatencyMs.Max);

    /// <summary>Absent without upstream traffic.</summary>
    public static Metric UpstreamLatencyP50 { get; } = Latency("upstreamLatencyMs", "p50", "Upstream latency p50", r => r.UpstreamLatencyMs?.P50);

    public static Metric ServerCpuMsPerEvent { get; } = new()
    {
        Name = "serverCpuMsPerEvent",
        Title = "Server CPU per event",
        Description = "CPU time of the server process in the window over events delivered.",
        Unit = "ms/event",
        Format = "0.####",
        Kind = MetricKind.Noisy,
        Tolerance = MillisecondsPerEvent,
        Read = r => r.ServerCpuMsPerEvent,
    };

    public static Metric ServerAllocatedBytesPerEvent { get; } = new()
    {
        Name = "serverAllocatedBytesPerEvent",
        Title = "Server allocation per event",
        Description = "Bytes the server process allocated in the window over events delivered.",
        Unit = "B/event",
        Format = "0",
        Kind = MetricKind.Noisy,
        Tolerance = AllocatedBytes,
        Read = r => r.ServerAllocatedBytesPerEvent,
    };

    // Memory per connection is the difference of two process readings over a few to thousands of connections: a
    // kibibyte either way is noise.
    private static readonly Tolerance BytesPerConnection = new(0.10, 1024);

    public static Metric ServerMemoryBytesPerConnection { get; } = new()
    {
        Name = "serverMemoryBytesPerConnection",
        Title = "Server memory per connection",
        Description = "The server's working set after the clients connected minus before, over the transport connections opened; each reading after a forced full collection.",
        Unit = "B/connection",
        Format = "0",
        Kind = MetricKind.Noisy,
        Tolerance = BytesPerConnection,
        // Shards each read the server around their own connects, which overlap: the largest reading bounds it.
        Reduce = MetricReduce.Max,
        Read = r => r.ServerMemoryBytesPerConnection,
    };

    public static Metric ServerHeapBytesPerConnection { get; } = ServerMemoryBytesPerConnection with
    {
        Name = "serverHeapBytesPerConnection",
        Title = "Server managed heap per connection",
        Description = "The server's managed heap after the clients connected minus before, over the transport connections opened; each reading after a forced full collection.",
        Read = r => r.ServerHeapBytesPerConnection,
    };

    /// <summary>Absent without drops.</summary>
    public static Metric AfterDropLatencyP99 { get; } = AfterDrop("p99", "After-drop latency p99", r => r.AfterDropLatencyMs?.P99);
    public static Metric ThroughputEventsPerSecond { get; } = new()
    {
        Name = "throughputEventsPerSecond",
        Title = "Events delivered per second",
        Description = "Events the clients received before the window ended, over its seconds, summed over clients: what the path carried.",
        Unit = "events/s",
        Format = "0.##",
        Kind = MetricKind.Noisy,
        Reduce = MetricReduce.Sum,
        Tolerance = new(0.10, 0.5),
        HigherIsBetter = true,
        Read = r => r.ThroughputEventsPerSecond,
    };

    public static Metric EventsQueuedAtWindowEnd { get; } = Count("eventsQueuedAtWindowEnd", "Events queued at window end", "events", r => r.EventsQueuedAtWindowEnd,
        "Events published in the window not yet at their client when it ended: on the way or queued behind a slow link (delivered in the drain, or counted lost).") with { Kind = MetricKind.Noisy };

    /// <summary>The emulated path's own counters (absent without an emulator): where a slow link queued, and how late the machine ran.</summary>
    public static IReadOnlyList<Metric> Relay { get; } =
    [
        PathCounter("peakQueuedBytesDown", "Peak queue, server to client", "B", r => r.PeakQueuedBytesDown, "Most bytes waiting at the server-to-client bottleneck at once."),
        PathCounter("peakQueuedBytesUp", "Peak queue, client to server", "B", r => r.PeakQueuedBytesUp, "Most bytes waiting at the client-to-server bottleneck at once."),
        PathCounter("meanQueueingDelayMsDown", "Queueing delay mean, server to client", "ms", r => r.MeanQueueingDelayMsDown, "A chunk's wait behind earlier ones at the server-to-client bottleneck, averaged over chunks."),
        PathCounter("peakQueueingDelayMsDown", "Queueing delay max, server to client", "ms", r => r.PeakQueueingDelayMsDown, "The longest wait of one chunk at the server-to-client bottleneck."),
        PathCounter("meanLatenessMs", "Emulator lateness mean", "ms", r => r.MeanLatenessMs, "How long after its scheduled time a chunk was handed over, both directions, averaged: the machine's timers and load, not the model."),
        PathCounter("peakLatenessMs", "Emulator lateness max", "ms", r => r.PeakLatenessMs, "The latest a chunk was handed over against its schedule: the machine's timers and load, not the model."),
        Count("relay.chunksHeldForOrder", "Chunks held for order", "chunks", r => r.Relay?.ChunksHeldForOrder, "Chunks whose jitter would have overtaken an earlier one of their connection, held back to keep byte order.") with { Kind = MetricKind.Noisy },
        Count("relay.discardedBytes", "Bytes discarded by the path", "B", r => r.Relay?.DiscardedBytes, "Bytes the path held for a connection when it was reset (TCP drops them too); nothing else is dropped."),
    ];

    /// <summary>Server clock minus the clients' host clock: about zero on one host, where it checks the method.</summary>
    public static Metric ClockOffset { get; } = Clock("clockOffsetMs", "Clock offset", MetricReduce.First, r => r.ClockOffsetMs,
        "How far the server's clock read ahead of the clients' host, estimated NTP-style over the control plane before the window (the exchange with the smallest round trip of several); every latency sample is corrected by it. Merged shards keep the first shard's.");

    public static Metric ClockOffsetUncertainty { get; } = Clock("clockOffsetUncertaintyMs", "Clock offset uncertainty", MetricReduce.Max, r => r.ClockOffsetUncertaintyMs,
        "The most the clock offset can be off by: half the round trip of the exchange it came from. Merged shards keep the largest.");

    public static Metric PageClockUncertainty { get; } = Clock("pageClockUncertaintyMs", "Page clock uncertainty", MetricReduce.Max, r => r.PageClockUncertaintyMs,
        "Browser clients only: the most a page's clock offset to the harness can be off by (half the round trip of the best of several exchanges through the browser's debugging channel, per page, before the window); add it to the clock offset uncertainty for the latency's bound.");
    public static Metric TimeToFirstEvent { get; } = new()
    {
        Name = "timeToFirstEventMs",
        Title = "Time to first event",
        Description = "Mean over clients: from starting to connect (failed attempts included) until the subscription opened, plus the latency of the first event received.",
        Unit = "ms",
        Format = "0.###",
        Kind = MetricKind.Noisy,
        Tolerance = Milliseconds,
        Reduce = MetricReduce.Max,
        Read = r => r.TimeToFirstEventMs,
    };

    /// <summary>Node-hosted transports: the hop from our server's publish to the Node server's receipt, part of their latency.</summary>
    public static Metric BridgeHopP50 { get; } = BridgeHop("bridgeHopP50Ms", "Bridge hop p50", r => r.BridgeHopP50Ms);

    public static Metric BridgeHopP99 { get; } = BridgeHop("bridgeHopP99Ms", "Bridge hop p99", r => r.BridgeHopP99Ms);

    private static Metric BridgeHop(string name, string title, Func<ScenarioResult, MetricValue> read) => new()
    {
        Name = name,
        Title = title,
        Description = "Node-hosted transports only: the extra hop from our server's publish to the Node server's receipt over its feed bridge (both read the same monotonic clock), over the events of the window; it is inside their latency. Merged shards keep the largest.",
        Unit = "ms",
        Format = "0.###",
        Kind = MetricKind.Noisy,
        Tolerance = Milliseconds,
        Reduce = MetricReduce.Max,
        Read = read,
    };

    /// <summary>
    /// Which transport a negotiating client ended on (a library's choice, or the fallback client's), in the library's own
    /// words; absent for a bare transport. Text: `ci` holds it exactly, as a changed choice changes every figure after it.
    /// </summary>
    public static Metric NegotiatedTransport { get; } = new()
    {
        Name = "negotiatedTransport",
        Title = "Negotiated transport",
        Description = "The transport a negotiating client (SignalR, Socket.IO, the fallback client) was on at the end, as it names it; several joined by commas when clients differ.",
        Reduce = MetricReduce.First,
        IsText = true,
        Read = r => r.NegotiatedTransport,
    };

    /// <summary>The metrics with a table and a comparison row, in report order.</summary>
    public static IReadOnlyList<Metric> Headline { get; } =
    [
        OverheadBytesPerEvent,
        OverheadBytesPerEventDown,
        OverheadBytesPerEventUp,
        OverheadBytesPerRequest,
        HeaderBytesPerRequest,
        HeaderTextBytesPerRequest,
        RequestsPerEvent,
        SetupBytes,
        PacketsPerEvent,
        IpBytesPerEvent,
        EventsLost,
        LatencyP50,
        LatencyP99,
        LatencyMax,
        UpstreamLatencyP50,
        ServerCpuMsPerEvent,
        ServerAllocatedBytesPerEvent,
        ServerMemoryBytesPerConnection,
        AfterDropLatencyP99,
        BridgeHopP50,
        NegotiatedTransport,
    ];

    /// <summary>Every metric: the headline ones, then every other figure results.json records.</summary>
    public static IReadOnlyList<Metric> All { get; } =
    [
        .. Headline,
        Count("eventsPublished", "Events published", "events", r => r.EventsPublished, "Events the feed published in the window.", MetricReduce.First),
        Count("eventsExpected", "Events expected", "events", r => r.EventsExpected, "Events published times clients: what delivery should reach."),
        Count("eventsDelivered", "Events delivered", "events", r => r.EventsDelivered, "Events the clients received, summed over clients."),
        Count("duplicates", "Duplicate events", "events", r => r.Duplicates, "Events a client received more than once."),
        Count("outOfOrder", "Events out of order", "events", r => r.OutOfOrder, "Events a client received after a later one."),
        Count("httpRequests", "HTTP requests", "requests", r => r.HttpRequests, "HTTP requests the clients opened in the window (absent for browser clients: see the server's count)."),
        Count("connectionsOpened", "Connections opened", "connections", r => r.ConnectionsOpened, "Connections the clients opened in the window (absent for browser clients: see the server's count)."),
        Count("serverHttpRequests", "HTTP requests at the server", "requests", r => r.ServerHttpRequests, "HTTP requests the server counted in the window.", MetricReduce.First),
        Count("serverConnectionsOpened", "Connections at the server", "connections", r => r.ServerConnectionsOpened, "Connections the server accepted in the window.", MetricReduce.First),
        Count("reconnects", "Reconnects", "reconnects", r => r.Reconnects, "Times a client connected again and resumed from its cursor."),
        Count("errors", "Errors", "errors", r => r.Errors, "Errors the clients counted plus requests the server rejected."),
        Count("clientBytesSent", "Client bytes sent", "B", r => r.ClientBytesSent, "Bytes the clients wrote to their sockets in the window (absent for browser clients, whose bytes are the server's count)."),
        Count("clientBytesReceived", "Client bytes received", "B", r => r.ClientBytesReceived, "Bytes the clients read from their sockets in the window (absent for browser clients, whose bytes are the server's count)."),
        Count("serverBytesIn", "Server bytes in", "B", r => r.ServerBytesIn, "Bytes the server read from its sockets in the window.", MetricReduce.First),
        Count("serverBytesOut", "Server bytes out", "B", r => r.ServerBytesOut, "Bytes the server wrote to its sockets in the window.", MetricReduce.First),
        Count("payloadBytesDelivered", "Payload bytes delivered", "B", r => r.PayloadBytesDelivered, "Event payload bytes the clients received."),
        Count("payloadBytesSent", "Payload bytes sent upstream", "B", r => r.PayloadBytesSent, "Payload bytes of the upstream messages the clients sent."),
        Wire("overheadBytesPerClientSecond", "Overhead per client-second", r => r.OverheadBytesPerClientSecond,
            "Overhead bytes per client per second of the window: what header traffic scales with.") with { Unit = "B/client/s" },
        Count("clientHeaderBytes", "HTTP header bytes", "B", r => r.ClientHeaderBytes, "Bytes of the HTTP/1.1 heads the clients' sockets sent and received in the window, CRLFs included (absent where the bytes there are not HTTP/1.1 text: TLS, HTTP/2; and for browser clients)."),
        Count("clientHeaderTextBytes", "HTTP header text", "B", r => r.ClientHeaderTextBytes, "The same heads without their line ends (2 B a line)."),
        Count("clientPackets", "TCP segments", "segments", r => r.ClientPackets, "Segments the clients' sockets sent and received in the window (Linux TCP_INFO).") with { Kind = MetricKind.Noisy, Tolerance = Packets },
        Count("clientIpBytes", "IP bytes", "B", r => r.ClientIpBytes, "Payload plus IP and TCP headers of the clients' segments in the window (Linux TCP_INFO).") with { Kind = MetricKind.Noisy, Tolerance = Packets },
        Latency("latencyMs", "count", "Latency samples", r => r.LatencyMs.Count) with { Unit = "events", Format = "0", Reduce = MetricReduce.Sum },
        Latency("latencyMs", "mean", "Latency mean", r => r.LatencyMs.Mean),
        Latency("latencyMs", "p90", "Latency p90", r => r.LatencyMs.P90),
        Latency("latencyMs", "p999", "Latency p99.9", r => r.LatencyMs.P999),
        Count("upstreamSent", "Upstream messages sent", "messages", r => r.UpstreamSent, "Upstream messages the clients sent in the window."),
        Count("upstreamReceived", "Upstream messages received", "messages", r => r.UpstreamReceived, "Upstream messages the server took in.", MetricReduce.First),
        Latency("upstreamLatencyMs", "count", "Upstream latency samples", r => r.UpstreamLatencyMs?.Count) with { Unit = "messages", Format = "0", Reduce = MetricReduce.First },
        Latency("upstreamLatencyMs", "mean", "Upstream latency mean", r => r.UpstreamLatencyMs?.Mean),
        Latency("upstreamLatencyMs", "p90", "Upstream latency p90", r => r.UpstreamLatencyMs?.P90),
        Latency("upstreamLatencyMs", "p99", "Upstream latency p99", r => r.UpstreamLatencyMs?.P99),
        Latency("upstreamLatencyMs", "p999", "Upstream latency p99.9", r => r.UpstreamLatencyMs?.P999),
        Latency("upstreamLatencyMs", "max", "Upstream latency max", r => r.UpstreamLatencyMs?.Max),
        ServerHeapBytesPerConnection,
        AfterDrop("count", "After-drop latency samples", r => r.AfterDropLatencyMs?.Count) with { Unit = "events", Format = "0", Reduce = MetricReduce.Sum },
        AfterDrop("mean", "After-drop latency mean", r => r.AfterDropLatencyMs?.Mean),
        AfterDrop("p50", "After-drop latency p50", r => r.AfterDropLatencyMs?.P50),
        AfterDrop("p90", "After-drop latency p90", r => r.AfterDropLatencyMs?.P90),
        AfterDrop("p999", "After-drop latency p99.9", r => r.AfterDropLatencyMs?.P999),
        AfterDrop("max", "After-drop latency max", r => r.AfterDropLatencyMs?.Max),
        new Metric
        {
            Name = "serverMemoryGrowthPercent",
            Title = "Server memory growth",
            Description = "Growth of the server's working set from the window's second minute to its last (a soak holds it to 10%).",
            Unit = "%",
            Format = "0.#",
            Kind = MetricKind.Noisy,
            Tolerance = new Tolerance(0.10, 1),
            Reduce = MetricReduce.Max,
            Read = r => r.ServerMemoryGrowthPercent,
        },
        ThroughputEventsPerSecond,
        EventsQueuedAtWindowEnd,
        .. Relay,
        ClockOffset,
        ClockOffsetUncertainty,
        PageClockUncertainty,
        TimeToFirstEvent,
        BridgeHopP99,
    ];

    /// <summary>
    /// Keys of <see cref="ScenarioResult"/> that are neither a dimension nor a metric: what identifies, explains
    /// or underlies a figure. Anything else must be in <see cref="ScenarioDimensions.All"/> or <see cref="All"/>.
    /// </summary>
    public static IReadOnlyList<string> Bookkeeping { get; } =
    [
        "name",
        "transport",
        "durationSeconds",
        "clientShare",
        "status",
        "error",
        "windowClean",
        "windowLatencyP50Ms",
        "latencyMs.cdf",
        "upstreamLatencyMs.cdf",
        "afterDropLatencyMs.cdf",
        "serverMemorySamples",
        "seeds.feed",
        "seeds.jitter",
        "seeds.pollPhase",
        "libraryHeartbeatMs",
    ];

    /// <summary>The metric named <paramref name="name"/>, or null.</summary>
    public static Metric? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    private static Dictionary<string, Tolerance> Polling(Tolerance tolerance) =>
        new(StringComparer.Ordinal) { [TransportIds.Polling] = tolerance };

    /// <summary>A count summed over clients and held exactly.</summary>
    private static Metric Count(string name, string title, string unit, Func<ScenarioResult, MetricValue> read, string description, MetricReduce reduce = MetricReduce.Sum) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        Unit = unit,
        Format = "0",
        Reduce = reduce,
        Read = read,
    };

    /// <summary>Bytes per event: deterministic, held to <see cref="WireBytes"/>.</summary>
    private static Metric Wire(string name, string title, Func<ScenarioResult, MetricValue> read, string description) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        Unit = "B/event",
        Format = "0.##",
        Tolerance = WireBytes,
        Read = read,
    };

    /// <summary>A statistic of the latency of events that straddle a drop.</summary>
    private static Metric AfterDrop(string statistic, string title, Func<ScenarioResult, MetricValue> read) =>
        Latency("afterDropLatencyMs", statistic, title, read) with
        {
            Description = "From publish to delivery, over the events a client got in the burst after a forced disconnect: published before its first delivery after the drop, delivered after the drop.",
            // Forced disconnects run from one host (`run` refuses --drop-every with --client-share): nothing to merge.
            Reduce = MetricReduce.Max,
        };
    /// <summary>One of the emulated path's counters: noisy (it rides on the machine's timing); absent without a path. Each client shard has its own path: merged, the worst.</summary>
    private static Metric PathCounter(string name, string title, string unit, Func<RelayFigures, double> read, string description) => new()
    {
        Name = "relay." + name,
        Title = title,
        Description = description,
        Unit = unit,
        Format = unit == "B" ? "0" : "0.###",
        Kind = MetricKind.Noisy,
        Reduce = MetricReduce.Max,
        Tolerance = unit == "B" ? new(0.10, 1024) : Milliseconds,
        Read = r => r.Relay is { } relay ? read(relay) : MetricValue.Absent,
    };

    /// <summary>A clock estimate in ms: noisy, absent where no window was measured.</summary>
    private static Metric Clock(string name, string title, MetricReduce reduce, Func<ScenarioResult, MetricValue> read, string description) => new()
    {
        Name = name,
        Title = title,
        Description = description,
        Unit = "ms",
        Format = "0.####",
        Kind = MetricKind.Noisy,
        Tolerance = Milliseconds,
        Reduce = reduce,
        Read = read,
    };

    /// <summary>A statistic of a latency summary (<paramref name="summary"/>.<paramref name="statistic"/>): noisy, in ms.</summary>
    private static Metric Latency(string summary, string statistic, string title, Func<ScenarioResult, MetricValue> read) => new()
    {
        Name = $"{summary}.{statistic}",
        Title = title,
        Description = summary.StartsWith("upstream", StringComparison.Ordinal)
            ? "From a client's send to the server's receipt, over every upstream message."
            : "From publish to delivery, over every event of every client.",
        Unit = "ms",
        Format = "0.###",
        Kind = MetricKind.Noisy,
        Tolerance = Milliseconds,
        Read = read,
    };
}
