using Transports.Contract;
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
    public IReadOnlyList<string> ClientProfiles { get; init; } = [Contract.ClientProfiles.Minimal];
    public IReadOnlyList<string> Tls { get; init; } = [OnOff.Off];
    public IReadOnlyList<string> HttpVersions { get; init; } = [Contract.HttpVersions.Http11];
    public IReadOnlyList<string> KeepAlive { get; init; } = [OnOff.On];
    public IReadOnlyList<string> Compressions { get; init; } = [ContentCodings.None];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);
    public int Windows { get; init; } = 3;

    /// <summary>Scenarios run after the matrix's, outside it (the ci subset's one TLS and one HTTP/2 comparison).</summary>
    public IReadOnlyList<Scenario> Extra { get; init; } = [];

    /// <summary>The named profiles: quick (under 30 s), default (under 2 min on 2 cores), full (long).</summary>
    public static RunPlan ForProfile(string profile) => profile switch
    {
        "quick" => new RunPlan
        {
            Profile = "quick",
            PayloadBytes = [16, 1024],
            Clients = [1],
            Duration = TimeSpan.FromSeconds(1.5),
            Warmup = TimeSpan.FromSeconds(0.5),
            Windows = 3,
        },
        "default" => new RunPlan(),
        "full" => new RunPlan
        {
            Profile = "full",
            PayloadBytes = [16, 1024, 65536],
            RatesHz = [10, 100],
            Clients = [1, 100, 1000],
            Duration = TimeSpan.FromSeconds(10),
            Warmup = TimeSpan.FromSeconds(2),
            Windows = 10,
        },
        _ => throw new ArgumentException($"unknown profile '{profile}' (known: quick, default, full)", nameof(profile)),
    };

    public static IReadOnlyList<string> ProfileNames { get; } = ["quick", "default", "full"];

    /// <summary>
    /// The fixed subset `ci` and `baseline` run (under 60 s on 2 cores): every transport, two payloads, one
    /// client, five windows each so latency can be tested for significance; then websocket over TLS (a TLS record per
    /// event) with its tcp floor over TLS, and long polling over HTTP/2 (HPACK). Changing it invalidates the baseline.
    /// </summary>
    public static RunPlan Ci { get; } = CiPlan();

    private static RunPlan CiPlan()
    {
        var plan = new RunPlan
        {
            Profile = "ci",
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

    /// <summary>The most sample memory a run may plan for: 1 byte of sequence map and 8 of latency per event per client.</summary>
    public const long MaxSampleBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>The fastest publish or upstream rate the harness is asked to keep.</summary>
    public const double MaxRateHz = 100_000;

    /// <summary>Throws a <see cref="UsageException"/> when two scenarios would share a name or one would need more memory than is sensible.</summary>
    public void Validate()
    {
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
    /// Every scenario: one per combination of the lists (a dimension's values), transports innermost so each
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
           from transport in Transports.OrderBy(TransportIds.OrderOf)
           where Concerns(ScenarioDimensions.ClientProfile, transport, profile, ClientProfiles)
               && Concerns(ScenarioDimensions.HttpVersion, transport, http, HttpVersions)
               && Concerns(ScenarioDimensions.KeepAlive, transport, keepAlive, KeepAlive)
               && Concerns(ScenarioDimensions.Compression, transport, compression, Compressions)
           select new Scenario(transport, payload, rate, clients, poll, UpstreamRateHz, Duration, Warmup, Windows)
           {
               Arrivals = arrivals,
               ClientProfile = profile,
               Tls = tls,
               HttpVersion = http,
               KeepAlive = keepAlive,
               Compression = compression,
           },
        .. Extra,
    ];

    /// <summary>Whether <paramref name="transport"/> runs at <paramref name="value"/>: always where the dimension applies, else at the first value only.</summary>
    private static bool Concerns(ScenarioDimension dimension, string transport, string value, IReadOnlyList<string> values) =>
        dimension.AppliesTo(transport) || string.Equals(value, values[0], StringComparison.Ordinal);
}
