using Transports.Contract;
using Transports.Network;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// The options of a run, resolved: a profile's defaults with anything given on the command line on top.
/// Every list is a matrix dimension; each combination times each transport is one scenario.
/// </summary>
public sealed record RunPlan
{
    public string Profile { get; init; } = "default";
    public IReadOnlyList<string> Transports { get; init; } = TransportIds.Ids;
    public IReadOnlyList<int> PayloadBytes { get; init; } = [16, 1024];
    public IReadOnlyList<double> RatesHz { get; init; } = [10];
    public IReadOnlyList<int> Clients { get; init; } = [1, 25];
    public IReadOnlyList<TimeSpan> PollIntervals { get; init; } = [TimeSpan.FromMilliseconds(250)];
    public double UpstreamRateHz { get; init; }
    public IReadOnlyList<string> Arrivals { get; init; } = [Arrival.Fixed];
    public IReadOnlyList<string> SignalRTransports { get; init; } = [LibraryTransports.Auto];
    public IReadOnlyList<string> SocketIoTransports { get; init; } = [LibraryTransports.Auto];
    public IReadOnlyList<string> SockJsTransports { get; init; } = [LibraryTransports.Auto];

    /// <summary>`--proxy` modes (<see cref="ProxyMode"/> names); a list is a comparison.</summary>
    public IReadOnlyList<string> Proxies { get; init; } = [ProxyMode.NoneName];
    public IReadOnlyList<string> ClientProfiles { get; init; } = [Contract.ClientProfiles.Minimal];
    public IReadOnlyList<string> Tls { get; init; } = [OnOff.Off];
    public IReadOnlyList<string> HttpVersions { get; init; } = [Contract.HttpVersions.Http11];
    public IReadOnlyList<string> KeepAlive { get; init; } = [OnOff.On];
    public IReadOnlyList<string> Compressions { get; init; } = [ContentCodings.None];

    public IReadOnlyList<TimeSpan> StompHeartbeats { get; init; } = [TimeSpan.Zero];
    public IReadOnlyList<string> Coalesce { get; init; } = [Coalescing.On];
    public IReadOnlyList<TimeSpan> DropEvery { get; init; } = [TimeSpan.Zero];

    /// <summary>Round-trip times of the emulated path (0 with the rest at theirs: no emulator).</summary>
    public IReadOnlyList<TimeSpan> Rtts { get; init; } = [TimeSpan.Zero];

    /// <summary>Jitter of each direction; applied only where it fits within half the RTT (<see cref="JitterLeftOut"/>).</summary>
    public IReadOnlyList<TimeSpan> Jitters { get; init; } = [TimeSpan.Zero];

    /// <summary>Bandwidths of the path each way, bits per second; 0 is no limit.</summary>
    public IReadOnlyList<long> Bandwidths { get; init; } = [0];

    /// <summary>`--network` presets; <see cref="NetworkPaths.Custom"/> alone means the three lists above build the paths.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [NetworkPaths.Custom];

    /// <summary>Who the clients are (<see cref="Results.ClientKinds"/>).</summary>
    public IReadOnlyList<string> ClientKinds { get; init; } = [Results.ClientKinds.Dotnet];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);
    public int Windows { get; init; } = 3;

    /// <summary>Scenarios run after the matrix's, outside it (the ci subset's one TLS and one HTTP/2 comparison).</summary>
    public IReadOnlyList<Scenario> Extra { get; init; } = [];

    /// <summary>The run's seed (`--seed`): Poisson gaps, jitter draws and polling phases derive from it, so a run can be replayed.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The seed of a plan nobody gave one (`ci`'s, so its subset is the same every time).</summary>
    public const int DefaultSeed = 1;

    /// <summary>
    /// The named profiles: quick (under 30 s), default (under 2 min on 2 cores), full (long), wan (an RTT sweep, under
    /// 3 min), rfc6202 (the RFC's latency figures at 100 ms RTT) and soak (10 min per transport). Comparisons publish at
    /// Poisson arrivals: a fixed publish schedule beats against a fixed poll schedule and makes polling's latency a staircase.
    /// </summary>
    public static RunPlan ForProfile(string profile) => profile switch
    {
        "quick" => new RunPlan
        {
            Profile = "quick",
            PayloadBytes = [16, 1024],
            Clients = [1],
            Arrivals = [Arrival.Poisson],
            Duration = TimeSpan.FromSeconds(1.5),
            Warmup = TimeSpan.FromSeconds(0.5),
            Windows = 3,
        },
        "default" => new RunPlan { Arrivals = [Arrival.Poisson] },
        "full" => new RunPlan
        {
            Profile = "full",
            PayloadBytes = [16, 1024, 65536],
            RatesHz = [10, 100],
            Clients = [1, 100, 1000],
            Arrivals = [Arrival.Poisson],
            Duration = TimeSpan.FromSeconds(10),
            Warmup = TimeSpan.FromSeconds(2),
            Windows = 10,
        },
        // Resilience over time: every transport for ten minutes with 500 clients while the server drops every connection
        // every 5 s; nothing may be lost and the server's memory must stay flat (RunCommand checks both at the end).
        "soak" => new RunPlan
        {
            Profile = "soak",
            PayloadBytes = [16],
            Clients = [500],
            DropEvery = [TimeSpan.FromSeconds(5)],
            Duration = TimeSpan.FromMinutes(10),
            Warmup = TimeSpan.FromSeconds(5),
            Windows = 10,
        },
        "wan" => new RunPlan
        {
            Profile = "wan",
            PayloadBytes = [16],
            Clients = [1],
            Arrivals = [Arrival.Poisson],
            Rtts = [TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
            Duration = TimeSpan.FromSeconds(4),
            Warmup = TimeSpan.FromSeconds(1),
            Windows = 4,
        },
        "rfc6202" => new RunPlan
        {
            Profile = "rfc6202",
            Transports = [TransportIds.LongPolling, TransportIds.Polling, TransportIds.Tcp],
            PayloadBytes = [16],
            RatesHz = [1, 20],
            Clients = [1],
            PollIntervals = [TimeSpan.FromSeconds(1)],
            Arrivals = [Arrival.Poisson],
            Rtts = [TimeSpan.FromMilliseconds(100)],
            Duration = TimeSpan.FromSeconds(8),
            Warmup = TimeSpan.FromSeconds(1),
            Windows = 4,
        },
        _ => throw new ArgumentException($"unknown profile '{profile}' (known: {string.Join(", ", ProfileNames)})", nameof(profile)),
    };

    /// <summary>
    /// Transports whose gated figures the suite does not fix, so `ci` cannot hold them to a baseline. signalr: SignalR's
    /// own send loop writes whatever its pipe holds, so two events that reach it together (a late feed tick on a loaded
    /// machine) leave as two records in one WebSocket frame, 2 B less than 47 B each; a ci run measured 46.92 B/event.
    /// Its exact per-event bytes are held by SignalRFrameTests, which publish one event at a time.
    /// The Node-hosted transports stay out too: their figures come from another process over a bridge hop whose timing
    /// varies with the machine's load (SockJS joins events that reach it together into one a[...] frame), and `ci` must
    /// not need Node; their exact per-event bytes are held by NodeTransportExactTests.
    /// </summary>
    public static IReadOnlySet<string> NotInCi { get; } = new HashSet<string>(StringComparer.Ordinal) { TransportIds.SignalR, TransportIds.SocketIo, TransportIds.SockJs, TransportIds.NodeWs };

    public static IReadOnlyList<string> ProfileNames { get; } = ["quick", "default", "full", "wan", "rfc6202", "soak"];

    /// <summary>
    /// The fixed subset `ci` and `baseline` run (under 60 s on 2 cores): every transport whose figures are
    /// deterministic (<see cref="NotInCi"/> names the others), two payloads, one client, five windows each so latency
    /// can be tested for significance; then websocket over TLS (a TLS record per event) with its tcp floor over TLS,
    /// and long polling over HTTP/2 (HPACK). Fixed arrivals and a fixed seed, so it is the same every time. Changing
    /// it invalidates the baseline.
    /// </summary>
    public static RunPlan Ci { get; } = CiPlan();

    private static RunPlan CiPlan()
    {
        var plan = new RunPlan
        {
            Profile = "ci",
            Transports = [.. TransportIds.Ids.Where(id => !NotInCi.Contains(id))],
            PayloadBytes = [16, 1024],
            RatesHz = [20],
            Clients = [1],
            PollIntervals = [TimeSpan.FromMilliseconds(100)],
            Duration = TimeSpan.FromSeconds(2.5),
            Warmup = TimeSpan.FromSeconds(0.5),
            Windows = 5,
        };
        Scenario Small(string transport) => new(transport, 16, 20, 1, TimeSpan.FromMilliseconds(100), 0, plan.Duration, plan.Warmup, plan.Windows);
        return plan with
        {
            Extra =
            [
                Small(TransportIds.WebSocket) with { Tls = OnOff.On },
                Small(TransportIds.Tcp) with { Tls = OnOff.On },
                Small(TransportIds.LongPolling) with { HttpVersion = Contract.HttpVersions.Http2 },
            ],
        };
    }

    /// <summary>
    /// What the server `run` starts is told: the shortest STOMP heart-beat asked for, offered in CONNECTED. Each
    /// direction beats at the larger of the client's and the server's figure, so every client gets the interval it
    /// asked for (and none where it asked for none).
    /// </summary>
    public IReadOnlyList<string> ServerArguments() =>
        StompHeartbeats.Where(h => h > TimeSpan.Zero).Order().FirstOrDefault() is { } shortest && shortest > TimeSpan.Zero
            ? ["--stomp-heartbeat", $"{shortest.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}ms"]
            : [];

    /// <summary>
    /// Every path the matrix crosses: each `--network` preset's, or else every RTT × jitter × bandwidth, jitter kept
    /// only where it fits within half the RTT (a jitter larger than the one-way delay would need negative delays).
    /// </summary>
    public IReadOnlyList<PathFigures> Paths()
    {
        if (!Networks.SequenceEqual([NetworkPaths.Custom]))
        {
            return [.. Networks.Select(name => NetworkPresets.TryGet(name, out var preset)
                ? new PathFigures(preset.Name, preset.Conditions.Rtt, preset.Conditions.Jitter, preset.Conditions.BandwidthBitsPerSecond ?? 0)
                : throw new UsageException($"--network: unknown network '{name}' (known: {string.Join(", ", NetworkPresets.Names)})"))];
        }

        return
        [
            .. (from rtt in Rtts
                from jitter in Jitters
                from bandwidth in Bandwidths
                select new PathFigures(NetworkPaths.Custom, rtt, Fits(rtt, jitter) ? jitter : TimeSpan.Zero, bandwidth)).Distinct(),
        ];
    }

    /// <summary>The RTTs at which a jitter given could not apply (more than half the RTT): those paths run without jitter.</summary>
    public IReadOnlyList<TimeSpan> JitterLeftOut() =>
        [.. (from rtt in Rtts from jitter in Jitters where jitter > TimeSpan.Zero && !Fits(rtt, jitter) select rtt).Distinct()];

    private static bool Fits(TimeSpan rtt, TimeSpan jitter) => NetworkConditions.TryCreate(rtt, jitter, null, out _, out _);

    /// <summary>The most sample memory a run may plan for: 1 byte of sequence map and 8 of latency per event per client.</summary>
    public const long MaxSampleBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// The fastest publish or upstream rate the harness is asked to keep (the feed publishes in batches per timer tick,
    /// clients record without allocating); the sample-memory guard in <see cref="Validate"/> still holds every plan.
    /// </summary>
    public const double MaxRateHz = 5_000_000;

    /// <summary>Throws a <see cref="UsageException"/> when two scenarios would share a name or one would need more memory than is sensible.</summary>
    public void Validate()
    {
        if (Jitters.Any(j => j > TimeSpan.Zero) && !Paths().Any(p => p.Jitter > TimeSpan.Zero))
        {
            throw new UsageException(
                $"--jitter: {string.Join(", ", Jitters.Where(j => j > TimeSpan.Zero).Select(NetworkUnits.Format))} is more than half of every --rtt given " +
                $"({string.Join(", ", Rtts.Select(NetworkUnits.Format))}); jitter needs an RTT of at least twice it");
        }

        // The HTTP proxy modes read HTTP/1.1 in clear text: under TLS they would see nothing to act on, and an HTTP/2
        // connection frames requests they do not parse. Refused rather than measured as if the proxy had acted.
        if (Proxies.FirstOrDefault(p => ProxyMode.Parse(p).InspectsHttp) is { } http
            && (Tls.Contains(OnOff.On) || HttpVersions.Contains(Contract.HttpVersions.Http2)))
        {
            throw new UsageException($"--proxy {http}: the proxy reads HTTP/1.1 in clear text; it cannot act on --tls on or --http 2 (idle-cut=D works under both)");
        }

        if (ClientKinds.Contains(Results.ClientKinds.Chromium) && BrowserRefusal() is { } refused)
        {
            throw new UsageException(refused);
        }

        // Two scenarios of one name would be one row in results: values too close to tell apart in a name
        // (e.g. 250ms and 250.0001ms), or a setting that never reached the result.
        if (Scenarios().GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new UsageException($"{twice.Count()} scenarios would be named {twice.Key}; give values that differ in the name (at most three decimals)");
        }

        foreach (var scenario in Scenarios())
        {
            var bytes = (long)scenario.Clients * scenario.Capacity * (sizeof(byte) + sizeof(long));
            if (bytes > MaxSampleBytes || scenario.Capacity >= Scenario.MaxCapacity)
            {
                throw new UsageException(
                    $"{scenario.Name} would keep {bytes / (1024.0 * 1024 * 1024):0.#} GiB of samples; lower --rate, --upstream-rate, --duration or --clients");
            }
        }
    }

    /// <summary>
    /// Wire settings browser clients cannot be made to honour here, so a scenario would report a setting that was not in
    /// effect: a page sends its own headers (its scenarios are labelled with the browser profile, the one captured from
    /// Chromium), reuses connections as it likes, and speaks HTTP/2 only over TLS, for which the pages are not given
    /// the server's certificate to trust.
    /// </summary>
    private string? BrowserRefusal() =>
        Tls.Contains(OnOff.On) ? "--tls on: browser clients (--client-kind chromium) run over plain HTTP/1.1 only; the pages are not given the server's certificate to trust"
        : HttpVersions.Contains(Contract.HttpVersions.Http2) ? "--http 2: browser clients (--client-kind chromium) speak HTTP/2 only over TLS (no h2c), which they do not run here"
        : KeepAlive.Contains(OnOff.Off) ? "--keep-alive off: browser clients (--client-kind chromium) reuse connections as the browser decides; a page cannot turn keep-alive off"
        : ClientProfiles.Contains(Contract.ClientProfiles.Lubbers2010) ? "--client-profile lubbers2010: browser clients (--client-kind chromium) send the browser's own headers (the browser profile)"
        : null;

    private static string KindFor(string kind, string transport) =>
        Results.ClientKinds.CanSpeak(kind, transport) ? kind : Results.ClientKinds.Dotnet;

    /// <summary>
    /// Every scenario: one per combination of the lists (a dimension's values), transports innermost so each
    /// comparison's rows are measured back to back. A dimension that concerns some transports only (STOMP's
    /// heart-beat, write coalescing, SignalR's transport) takes its values on theirs; every other transport runs once,
    /// at its default, and is not labelled with a setting that did not touch it (the floor still matches:
    /// <c>ScenarioSettings.Find</c> ignores dimensions that do not apply).
    /// comparison's rows are measured back to back. A transport one of the wire settings (profile, HTTP version,
    /// keep-alive, compression) does not concern runs at that setting's first value only: the same measurement would
    /// repeat, and it stands in for the others (the tcp floor is measured once for HTTP/1.1 and HTTP/2).
    /// </summary>
    public IReadOnlyList<Scenario> Scenarios() =>
    [
        .. from payload in PayloadBytes
           from rate in RatesHz
           from clients in Clients
           from poll in PollIntervals
           from arrivals in Arrivals
           from profile in ClientProfiles
           from tls in Tls
           from http in HttpVersions
           from keepAlive in KeepAlive
           from compression in Compressions
           from coalesce in Coalesce
           from path in Paths()
           from heartbeat in StompHeartbeats
           from drop in DropEvery
           from proxy in Proxies
           from kind in ClientKinds
           from transport in Transports.OrderBy(TransportIds.OrderOf)
           // A transport a page cannot speak (the tcp floor) stands in once, with .NET clients, for every client kind.
           where ClientKinds.First(k => KindFor(k, transport) == KindFor(kind, transport)) == kind
               && Concerns(ScenarioDimensions.ClientProfile, transport, profile, ClientProfiles)
               && Concerns(ScenarioDimensions.HttpVersion, transport, http, HttpVersions)
               && Concerns(ScenarioDimensions.KeepAlive, transport, keepAlive, KeepAlive)
               && Concerns(ScenarioDimensions.Compression, transport, compression, Compressions)
               && Concerns(ScenarioDimensions.Coalesce, transport, coalesce, Coalesce)
               && Concerns(ScenarioDimensions.Tls, transport, tls, Tls)
           where ScenarioDimensions.StompHeartbeat.AppliesTo(transport) || heartbeat == StompHeartbeats[0]
           from signalr in ScenarioDimensions.SignalRTransport.AppliesTo(transport) ? SignalRTransports : [LibraryTransports.Auto]
           from socketio in ScenarioDimensions.SocketIoTransport.AppliesTo(transport) ? SocketIoTransports : [LibraryTransports.Auto]
           from sockjs in ScenarioDimensions.SockJsTransport.AppliesTo(transport) ? SockJsTransports : [LibraryTransports.Auto]
           select new Scenario(transport, payload, rate, clients, poll, UpstreamRateHz, Duration, Warmup, Windows)
           {
               Arrivals = arrivals,
               // A setting that does not concern the transport is labelled at its default, as the other dimensions do.
               // A page sends Chromium's own headers: the browser profile (captured from it), whatever was asked.
               ClientProfile = !ScenarioDimensions.ClientProfile.AppliesTo(transport) ? Contract.ClientProfiles.Minimal
                   : KindFor(kind, transport) == Results.ClientKinds.Chromium ? Contract.ClientProfiles.Browser
                   : profile,
               Tls = ScenarioDimensions.Tls.AppliesTo(transport) ? tls : OnOff.Off,
               HttpVersion = ScenarioDimensions.HttpVersion.AppliesTo(transport) ? http : Contract.HttpVersions.Http11,
               KeepAlive = ScenarioDimensions.KeepAlive.AppliesTo(transport) ? keepAlive : OnOff.On,
               Compression = ScenarioDimensions.Compression.AppliesTo(transport) ? compression : ContentCodings.None,
               StompHeartbeat = ScenarioDimensions.StompHeartbeat.AppliesTo(transport) ? heartbeat : TimeSpan.Zero,
               Coalesce = ScenarioDimensions.Coalesce.AppliesTo(transport) ? coalesce : Coalescing.On,
               Rtt = path.Rtt,
               Jitter = path.Jitter,
               BandwidthBitsPerSecond = path.BandwidthBitsPerSecond,
               Network = path.Network,
               DropEvery = drop,
               Seed = Seed,
               ClientKind = KindFor(kind, transport),
               SignalRTransport = signalr,
               SocketIoTransport = socketio,
               SockJsTransport = sockjs,
               Proxy = proxy,
           },
        .. Extra,
    ];

    /// <summary>Whether <paramref name="transport"/> runs at <paramref name="value"/>: always where the dimension applies, else at the first value only.</summary>
    private static bool Concerns(ScenarioDimension dimension, string transport, string value, IReadOnlyList<string> values) =>
        dimension.AppliesTo(transport) || string.Equals(value, values[0], StringComparison.Ordinal);
}
