using Transports.Contract;

namespace Transports.Results.Tests;

/// <summary>
/// Runs made up in code with round, plausible numbers: every transport at two payload sizes, one client,
/// five measured windows. Values differ per transport so a mix-up between rows shows.
/// </summary>
internal static class SyntheticRuns
{
    public static readonly int[] Payloads = [16, 1024];

    /// <summary>Headline metrics the synthetic scenarios leave absent: no upstream traffic, no memory reading, no drops, no Node bridge, no negotiating client.</summary>
    public static readonly Metric[] Unmeasured = [Metrics.UpstreamLatencyP50, Metrics.ServerMemoryBytesPerConnection, Metrics.AfterDropLatencyP99, Metrics.BridgeHopP50, Metrics.NegotiatedTransport];

    public static RunResults Run(Func<ScenarioResult, ScenarioResult>? change = null, IEnumerable<string>? transportOrder = null)
    {
        var scenarios = new List<ScenarioResult>();
        foreach (var transport in transportOrder ?? TransportIds.Ids)
        {
            foreach (var payload in Payloads)
            {
                var scenario = Scenario(transport, payload);
                scenarios.Add(change is null ? scenario : change(scenario));
            }
        }

        return new RunResults
        {
            Environment = new RunEnvironment
            {
                Os = "Linux 6.8",
                Architecture = "X64",
                Cpu = "Test CPU @ 3.0GHz",
                LogicalCores = 8,
                Dotnet = "10.0.0",
                GitCommit = "abc1234",
                MachineName = "test-host",
                StartedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Server = "process",
            },
            Settings = new RunSettings
            {
                Profile = "ci",
                Transports = [.. TransportIds.Ids],
                PayloadBytes = [.. Payloads],
                RatesHz = [10],
                Clients = [1],
                PollIntervalsMs = [250],
                DurationSeconds = 5,
                WarmupSeconds = 1,
                Windows = 5,
            },
            Scenarios = scenarios,
            Status = "complete",
        };
    }

    public static string NameOf(string transport, int payload) => $"{transport}/payload={payload}/rate=10/clients=1/poll=250ms/up=0";

    public static ScenarioResult Scenario(string transport, int payload)
    {
        var (overhead, requests, setup, p50) = transport switch
        {
            TransportIds.Polling => (310.0, 0.4, 450.0, 125.0),
            TransportIds.LongPolling => (290.0, 1.0, 450.0, 2.0),
            TransportIds.Sse => (12.0, 0.0, 380.0, 1.0),
            TransportIds.WebSocket => (6.0, 0.0, 420.0, 0.8),
            _ => (4.0, 0.0, 0.0, 0.4),
        };

        return new ScenarioResult
        {
            Name = NameOf(transport, payload),
            Transport = transport,
            PayloadBytes = payload,
            RateHz = 10,
            Clients = 1,
            PollIntervalMs = 250,
            DurationSeconds = 5,
            EventsPublished = 50,
            EventsExpected = 50,
            EventsDelivered = 50,
            RequestsPerEvent = requests,
            SetupBytes = setup,
            OverheadBytesPerEvent = overhead,
            OverheadBytesPerEventDown = overhead * 0.75,
            OverheadBytesPerEventUp = overhead * 0.25,
            OverheadBytesPerRequest = requests > 0 ? overhead / requests : null,
            HeaderBytesPerRequest = requests > 0 ? (overhead / requests) - 2 : null,
            HeaderTextBytesPerRequest = requests > 0 ? (overhead / requests) - 40 : null,
            ClientPackets = 100,
            ClientIpBytes = 100 * 52 + (long)(50 * (payload + overhead)),
            PacketsPerEvent = 2,
            IpBytesPerEvent = 104 + payload + overhead,
            LatencyMs = new LatencySummary
            {
                Count = 50,
                Mean = p50 * 1.1,
                P50 = p50,
                P90 = p50 * 1.5,
                P99 = p50 * 2,
                P999 = p50 * 2.2,
                Max = p50 * 2.5,
                Cdf = [new CdfPoint(p50, 0.5), new CdfPoint(p50 * 2.5, 1)],
            },
            WindowLatencyP50Ms = [p50 * 0.9, p50 * 0.95, p50, p50 * 1.05, p50 * 1.1],
            ServerCpuMsPerEvent = p50 / 100,
            ServerAllocatedBytesPerEvent = 512,
        };
    }

    /// <summary>Multiplies every latency figure, window samples included.</summary>
    public static ScenarioResult ScaleLatency(ScenarioResult scenario, double factor) => scenario with
    {
        LatencyMs = scenario.LatencyMs with
        {
            Mean = scenario.LatencyMs.Mean * factor,
            P50 = scenario.LatencyMs.P50 * factor,
            P90 = scenario.LatencyMs.P90 * factor,
            P99 = scenario.LatencyMs.P99 * factor,
            P999 = scenario.LatencyMs.P999 * factor,
            Max = scenario.LatencyMs.Max * factor,
        },
        WindowLatencyP50Ms = [.. scenario.WindowLatencyP50Ms.Select(w => w * factor)],
    };
}
