using Transports.Contract;

namespace Transports.Results;

/// <summary>The whole of results.json: the environment, the settings and one entry per scenario.</summary>
public sealed record RunResults
{
    /// <summary>Bumped when a key changes meaning or disappears; readers refuse newer schemas.</summary>
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;

    public required RunEnvironment Environment { get; init; }

    public required RunSettings Settings { get; init; }

    public List<ScenarioResult> Scenarios { get; init; } = [];

    /// <summary>Full names of planned scenarios that have no result (interrupted run, or failed).</summary>
    public List<string> Missing { get; init; } = [];

    /// <summary>"running" while scenarios are being written, "complete", or "interrupted".</summary>
    public string Status { get; init; } = "running";

    /// <summary>What a capacity search (`run --find-max`) found; null for other runs. Also written as capacity.json.</summary>
    public CapacityReport? Capacity { get; init; }
}

/// <summary>Where the numbers came from.</summary>
public sealed record RunEnvironment
{
    public string Os { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Cpu { get; init; } = "";
    public int LogicalCores { get; init; }
    public string Dotnet { get; init; } = "";
    public string GitCommit { get; init; } = "";
    public string MachineName { get; init; } = "";
    public DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset? FinishedUtc { get; init; }
    public string CommandLine { get; init; } = "";

    /// <summary>"process" when the harness started the server itself, else the --server URL.</summary>
    public string Server { get; init; } = "";
}

/// <summary>The options of the run; every list builds the scenario matrix.</summary>
public sealed record RunSettings
{
    public string Profile { get; init; } = "default";
    public List<string> Transports { get; init; } = [];
    public List<int> PayloadBytes { get; init; } = [];
    public List<double> RatesHz { get; init; } = [];
    public List<int> Clients { get; init; } = [];
    public List<double> PollIntervalsMs { get; init; } = [];
    public double UpstreamRateHz { get; init; }
    public double DurationSeconds { get; init; }
    public double WarmupSeconds { get; init; }

    /// <summary>How many measured windows each scenario's duration is split into (latency per window).</summary>
    public int Windows { get; init; } = 1;

    /// <summary>The run's seed (`--seed`): every scenario's seeds derive from it and its settings; null before seeds existed.</summary>
    public int? Seed { get; init; }
}

/// <summary>
/// One scenario: one transport under one combination of settings. Every figure is counted during the
/// measured window (after warm-up, with publishing paused at both edges so no event straddles them).
/// Every property is a dimension (<see cref="ScenarioDimensions"/>), a metric (<see cref="Metrics"/>) or
/// bookkeeping (<see cref="Metrics.Bookkeeping"/>); a test fails for one that is none of these. results.csv
/// takes its columns from this type's JSON contract, so a new property needs no CSV code.
/// </summary>
public sealed record ScenarioResult
{
    /// <summary>
    /// Stable full name, e.g. "sse/payload=16/rate=10/clients=1/poll=250ms/up=0"; the comparison key, made by
    /// <see cref="ScenarioDimensions.NameOf"/> from the settings below.
    /// </summary>
    public string Name { get; init; } = "";

    public string Transport { get; init; } = "";
    public int PayloadBytes { get; init; }
    public double RateHz { get; init; }
    public int Clients { get; init; }
    public double PollIntervalMs { get; init; }
    public double UpstreamRateHz { get; init; }

    /// <summary>How the feed spaces events (<see cref="Arrival"/>); runs before this key existed were all fixed.</summary>
    public string Arrivals { get; init; } = Arrival.Fixed;

    /// <summary>The request headers clients send (<see cref="ClientProfiles"/>); runs before this key existed were minimal.</summary>
    public string ClientProfile { get; init; } = ClientProfiles.Minimal;

    /// <summary>"on" or "off" (<see cref="OnOff"/>).</summary>
    public string Tls { get; init; } = OnOff.Off;

    /// <summary>"1.1" or "2" (<see cref="HttpVersions"/>).</summary>
    public string HttpVersion { get; init; } = HttpVersions.Http11;

    /// <summary>"on", or "off": a new connection for every request.</summary>
    public string KeepAlive { get; init; } = OnOff.On;

    /// <summary><see cref="ContentCodings"/>: none, deflate or gzip.</summary>
    public string Compression { get; init; } = ContentCodings.None;

    /// <summary>The STOMP heart-beat the clients asked for (0: none); runs before this key existed had none.</summary>
    public double StompHeartbeatMs { get; init; }

    /// <summary>
    /// Whether streaming servers coalesced writes (<see cref="Coalescing"/>). Runs before this key existed flushed every
    /// event on its own; at their rates one event waited at a time, which reads the same as "on".
    /// </summary>
    public string Coalesce { get; init; } = Coalescing.On;
    /// <summary>The emulated path's round-trip time; 0 (and the three below at theirs): no emulator, clients reach the server directly.</summary>
    public double RttMs { get; init; }

    /// <summary>How far each direction's one-way delay strays either way.</summary>
    public double JitterMs { get; init; }

    /// <summary>The path's bandwidth in each direction; 0 is no limit.</summary>
    public long BandwidthBitsPerSecond { get; init; }

    /// <summary>The `--network` preset the path came from, or <see cref="NetworkPaths.Custom"/> (the figures above as given).</summary>
    public string Network { get; init; } = NetworkPaths.Custom;

    /// <summary>Who the clients were (<see cref="ClientKinds"/>); runs before this key existed were all .NET's.</summary>
    public string ClientKind { get; init; } = ClientKinds.Dotnet;
    /// <summary>SignalR's transport (<see cref="LibraryTransports.SignalR"/>): auto unless forced; auto for every other transport.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("signalrTransport")]
    public string SignalRTransport { get; init; } = LibraryTransports.Auto;

    /// <summary>Socket.IO's transport (<see cref="LibraryTransports.SocketIo"/>): auto unless forced; auto for every other transport.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("socketioTransport")]
    public string SocketIoTransport { get; init; } = LibraryTransports.Auto;

    /// <summary>SockJS's transport (<see cref="LibraryTransports.SockJs"/>): auto unless forced; auto for every other transport.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("sockjsTransport")]
    public string SockJsTransport { get; init; } = LibraryTransports.Auto;
    /// <summary>The intermediary on the path (`--proxy`, <see cref="Transports.Network.ProxyMode"/>); none in runs before this key existed.</summary>
    public string Proxy { get; init; } = Transports.Network.ProxyMode.NoneName;

    public double DurationSeconds { get; init; }

    /// <summary>How often the server aborted every transport connection inside the window, in ms (0: never).</summary>
    public double DropEveryMs { get; init; }
    /// <summary>The seeds the scenario ran with, so `--seed` can replay it; null in runs made before seeds were kept.</summary>
    public ScenarioSeeds? Seeds { get; init; }

    /// <summary>
    /// "K/N" when this host ran share K of N of the clients (`run --client-share`), null for a whole run. The name
    /// and <see cref="Clients"/> stay the whole run's, so shards merge (`results merge`); the counts are this share's.
    /// </summary>
    public string? ClientShare { get; init; }

    /// <summary>"ok", or "failed" with <see cref="Error"/> set.</summary>
    public string Status { get; init; } = "ok";
    public string? Error { get; init; }

    /// <summary>
    /// True when both edges of the window were clean: every client drained, every upstream message taken in, and
    /// client and server counters read at a quiet instant. False marks figures to read with care.
    /// </summary>
    public bool WindowClean { get; init; } = true;

    // Delivery, from sequence numbers, summed over clients.
    public long EventsPublished { get; init; }
    public long EventsExpected { get; init; }
    public long EventsDelivered { get; init; }
    public long EventsLost { get; init; }
    public long Duplicates { get; init; }
    public long OutOfOrder { get; init; }

    // Requests and connections opened in the window, counted by the clients (and by the server). Browser clients
    // count nothing at their own sockets: the client-side counts are absent (null) and per-event figures use the server's.
    public long? HttpRequests { get; init; }
    public long? ConnectionsOpened { get; init; }
    public double RequestsPerEvent { get; init; }
    public long ServerHttpRequests { get; init; }
    public long ServerConnectionsOpened { get; init; }
    public long Reconnects { get; init; }
    public long Errors { get; init; }

    // Bytes. Setup: per client, from connect until its first event. The rest: the measured window.
    public double SetupBytes { get; init; }
    public long? ClientBytesSent { get; init; }
    public long? ClientBytesReceived { get; init; }
    public long ServerBytesIn { get; init; }
    public long ServerBytesOut { get; init; }
    public long PayloadBytesDelivered { get; init; }
    public long PayloadBytesSent { get; init; }

    /// <summary>(window wire bytes, both directions, minus payload bytes) / events delivered.</summary>
    public double OverheadBytesPerEvent { get; init; }
    public double OverheadBytesPerEventDown { get; init; }
    public double OverheadBytesPerEventUp { get; init; }

    /// <summary>Overhead bytes per client per second of the window: what header traffic scales with.</summary>
    public double OverheadBytesPerClientSecond { get; init; }

    /// <summary>(window wire bytes, both directions, minus payload bytes) / HTTP requests; absent without requests.</summary>
    public double? OverheadBytesPerRequest { get; init; }

    // HTTP/1.1 heads split from bodies at the clients' sockets; absent where the bytes there are not HTTP/1.1 text (TLS,
    // HTTP/2), for browser clients, without requests, or where the split lost track.

    /// <summary>Bytes of the heads sent and received: start lines, header lines, empty lines, CRLFs included.</summary>
    public long? ClientHeaderBytes { get; init; }

    /// <summary>The same heads without their line ends (2 B a line): the characters of the header text.</summary>
    public long? ClientHeaderTextBytes { get; init; }

    /// <summary><see cref="ClientHeaderBytes"/> / HTTP requests: the head bytes of one request and its answer.</summary>
    public double? HeaderBytesPerRequest { get; init; }

    /// <summary><see cref="ClientHeaderTextBytes"/> / HTTP requests: as Lubbers &amp; Greco counted their 871.</summary>
    public double? HeaderTextBytesPerRequest { get; init; }

    // The kernel's count of the clients' sockets (Linux TCP_INFO); absent where there is none (other OSes, in memory).

    /// <summary>TCP segments both ways, SYN, ACK and FIN included.</summary>
    public long? ClientPackets { get; init; }

    /// <summary>Payload plus the IP and TCP headers of every segment.</summary>
    public long? ClientIpBytes { get; init; }

    public double? PacketsPerEvent { get; init; }
    public double? IpBytesPerEvent { get; init; }

    public LatencySummary LatencyMs { get; init; } = LatencySummary.Empty;

    /// <summary>Latency p50 of each measured window (for significance tests between runs).</summary>
    public List<double> WindowLatencyP50Ms { get; init; } = [];

    // Upstream (client to server), when the upstream rate is above zero.
    public long UpstreamSent { get; init; }
    public long UpstreamReceived { get; init; }
    public LatencySummary? UpstreamLatencyMs { get; init; }

    // The server's clock against the clients' host, estimated NTP-style before the window; latency is corrected by it.
    public double? ClockOffsetMs { get; init; }

    /// <summary>The transport a library (or the fallback client) ended up on, in its own words; null for a bare transport.</summary>
    public string? NegotiatedTransport { get; init; }

    /// <summary>Mean over clients of the time from starting to connect until the subscription opened, plus the first event's latency.</summary>
    public double? TimeToFirstEventMs { get; init; }

    /// <summary>Node-hosted transports: the extra hop from our server's publish to the Node server's receipt over its feed bridge, p50 and p99 in the window; null for ours.</summary>
    public double? BridgeHopP50Ms { get; init; }

    public double? BridgeHopP99Ms { get; init; }

    /// <summary>
    /// The library's own heartbeat the server ran with (Socket.IO's pingInterval, SockJS's heartbeat_delay; 25 s out of
    /// the box), set above warm-up and window so no ping lands in the measured bytes; null for transports without one.
    /// </summary>
    public double? LibraryHeartbeatMs { get; init; }
    public double? ClockOffsetUncertaintyMs { get; init; }

    /// <summary>
    /// Browser clients stamp receive times on the page's clock: the largest uncertainty of the pages' offsets to the
    /// harness's clock (half the best round trip of several, per page, before the window); absent for .NET clients.
    /// </summary>
    public double? PageClockUncertaintyMs { get; init; }

    // Server process cost in the window.
    public double ServerCpuMsPerEvent { get; init; }
    public double ServerAllocatedBytesPerEvent { get; init; }

    // Server memory per connection: working set and managed heap after connecting minus before (each read after a
    // forced full collection), over the transport connections opened. Null where no connection was opened.
    public double? ServerMemoryBytesPerConnection { get; init; }
    public double? ServerHeapBytesPerConnection { get; init; }

    /// <summary>
    /// Latency of the events that straddle a drop: published before a client's first delivery after the drop and
    /// delivered after the drop (the burst a reconnect brings). Null without drops.
    /// </summary>
    public LatencySummary? AfterDropLatencyMs { get; init; }

    /// <summary>Server memory at each full minute of a window of two minutes or more (a soak), after a forced collection.</summary>
    public List<ServerMemorySample> ServerMemorySamples { get; init; } = [];

    /// <summary>
    /// How much the server's working set grew from the window's second minute to its last, in percent (a soak holds it
    /// to 10). Null below three samples.
    /// </summary>
    public double? ServerMemoryGrowthPercent { get; init; }
    /// <summary>Events delivered before the window ended, per second of it, summed over clients: what the path carried.</summary>
    public double ThroughputEventsPerSecond { get; init; }

    /// <summary>
    /// Events published in the window that had not reached their client when it ended: queued on the way (on a slow
    /// link, behind earlier ones). They are delivered while the harness drains, or counted in <see cref="EventsLost"/>.
    /// </summary>
    public long EventsQueuedAtWindowEnd { get; init; }

    /// <summary>The emulated path's own counters over the window; null without an emulator.</summary>
    public RelayFigures? Relay { get; init; }
}

/// <summary>The seeds of one scenario; null where the scenario draws nothing at random from that source.</summary>
/// <param name="Feed">Poisson arrivals' gaps (the server's generator).</param>
/// <param name="Jitter">The emulated path's jitter draws (server-bound direction; the client-bound one uses it + 1).</param>
/// <param name="PollPhase">Each polling client's random start within its interval.</param>
public sealed record ScenarioSeeds(int? Feed = null, int? Jitter = null, int? PollPhase = null);

/// <summary>
/// What the emulated path saw in the window. Queueing is where a slow link holds events back; lateness is how long
/// after its scheduled time a chunk was handed over: the machine's timers and load, not the model.
/// </summary>
public sealed record RelayFigures
{
    /// <summary>Most bytes waiting at the server-to-client bottleneck at once.</summary>
    public long PeakQueuedBytesDown { get; init; }

    /// <summary>Most bytes waiting at the client-to-server bottleneck at once.</summary>
    public long PeakQueuedBytesUp { get; init; }

    /// <summary>Server to client: a chunk's wait behind earlier ones, averaged over chunks.</summary>
    public double MeanQueueingDelayMsDown { get; init; }

    public double PeakQueueingDelayMsDown { get; init; }

    /// <summary>Both directions: how late a chunk was handed over against its schedule, averaged over chunks.</summary>
    public double MeanLatenessMs { get; init; }

    public double PeakLatenessMs { get; init; }

    /// <summary>Chunks whose jitter draw would have overtaken an earlier one of their connection, held back instead.</summary>
    public long ChunksHeldForOrder { get; init; }

    /// <summary>Bytes dropped because their connection was reset (TCP drops them too); anything else is delivered.</summary>
    public long DiscardedBytes { get; init; }
}

/// <summary>The server's memory at the end of a minute of the window.</summary>
public sealed record ServerMemorySample(int Minute, long WorkingSetBytes, long ManagedHeapBytes, int Connections);
