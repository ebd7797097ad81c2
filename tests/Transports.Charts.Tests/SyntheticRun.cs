using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

/// <summary>
/// A plausible run made up for tests: all five transports, payloads 16 B and 1 KiB, 10 and 100 clients,
/// 1 event/s, polling every 250 ms. Numbers follow the protocols (ANCHORS.md) closely enough to look real.
/// </summary>
public static class SyntheticRun
{
    public static IReadOnlyList<int> Payloads { get; } = [16, 1024];

    public static IReadOnlyList<int> ClientCounts { get; } = [10, 100];

    public const double RateHz = 1;

    public const double PollMs = 250;

    public static RunResults Create()
    {
        var scenarios = new List<ScenarioResult>();
        foreach (var transport in TransportIds.Ids)
        {
            foreach (var payload in Payloads)
            {
                foreach (var clients in ClientCounts)
                {
                    scenarios.Add(Scenario(transport, payload, clients));
                }
            }
        }

        return new RunResults
        {
            Status = "complete",
            Environment = new RunEnvironment
            {
                Os = "Debian GNU/Linux 12",
                Architecture = "X64",
                Cpu = "Synthetic CPU @ 3.0 GHz",
                LogicalCores = 8,
                Dotnet = "10.0.0",
                GitCommit = "0123456789abcdef",
                MachineName = "test-host",
                StartedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
                FinishedUtc = new DateTimeOffset(2025, 1, 2, 3, 14, 5, TimeSpan.Zero),
                CommandLine = "transports run --profile test",
                Server = "process",
            },
            Settings = new RunSettings
            {
                Profile = "test",
                Transports = [.. TransportIds.Ids],
                PayloadBytes = [.. Payloads],
                RatesHz = [RateHz],
                Clients = [.. ClientCounts],
                PollIntervalsMs = [PollMs],
                DurationSeconds = 30,
                WarmupSeconds = 5,
                Windows = 3,
            },
            Scenarios = scenarios,
        };
    }

    /// <summary>Overhead bytes per event: full HTTP headers for the polls, framing only for the streams.</summary>
    public static double Overhead(string transport, int payload) => transport switch
    {
        // Four polls per event at 250 ms and 1 event/s, ~330 B of headers each way per poll.
        TransportIds.Polling => 1320,
        TransportIds.LongPolling => 410,
        TransportIds.Sse => payload < 256 ? 14 : 15,
        TransportIds.WebSocket => payload <= 125 ? 2 : 4,
        _ => 4,
    };

    public static double RequestsPerEvent(string transport) => transport switch
    {
        TransportIds.Polling => 4,
        TransportIds.LongPolling => 1,
        _ => 0,
    };

    public static double P50(string transport, int clients)
    {
        var baseMs = transport switch
        {
            TransportIds.Polling => 125.0,
            TransportIds.LongPolling => 1.4,
            TransportIds.Sse => 0.62,
            TransportIds.WebSocket => 0.48,
            _ => 0.31,
        };
        return Math.Round(baseMs * (clients >= 100 ? 1.3 : 1), 4);
    }

    private static ScenarioResult Scenario(string transport, int payload, int clients)
    {
        var events = (long)(RateHz * 30 * clients);
        var overhead = Overhead(transport, payload);
        var p50 = P50(transport, clients);
        var p90 = transport == TransportIds.Polling ? 225 * (clients >= 100 ? 1.05 : 1) : p50 * 2.1;
        var p99 = transport == TransportIds.Polling ? 248 * (clients >= 100 ? 1.1 : 1) : p50 * 5.5;
        return new ScenarioResult
        {
            Name = $"{transport}/payload={payload}/rate=1/clients={clients}/poll=250ms/up=0",
            Transport = transport,
            PayloadBytes = payload,
            RateHz = RateHz,
            Clients = clients,
            PollIntervalMs = PollMs,
            DurationSeconds = 30,
            EventsPublished = 30,
            EventsExpected = events,
            EventsDelivered = events,
            HttpRequests = (long)(RequestsPerEvent(transport) * events),
            RequestsPerEvent = RequestsPerEvent(transport),
            SetupBytes = transport == TransportIds.Tcp ? 0 : 420,
            PayloadBytesDelivered = payload * events,
            OverheadBytesPerEvent = overhead,
            OverheadBytesPerEventDown = overhead * 0.6,
            OverheadBytesPerEventUp = overhead * 0.4,
            OverheadBytesPerClientSecond = overhead * RateHz,
            OverheadBytesPerRequest = RequestsPerEvent(transport) > 0 ? overhead / RequestsPerEvent(transport) : null,
            HeaderBytesPerRequest = RequestsPerEvent(transport) > 0 ? (overhead / RequestsPerEvent(transport)) - 2 : null,
            HeaderTextBytesPerRequest = RequestsPerEvent(transport) > 0 ? (overhead / RequestsPerEvent(transport)) - 40 : null,
            PacketsPerEvent = 2,
            IpBytesPerEvent = 104 + payload + overhead,
            LatencyMs = Latency(p50, p90, p99),
            WindowLatencyP50Ms = [p50, p50, p50],
            ServerCpuMsPerEvent = transport == TransportIds.Polling ? 0.21 : 0.012,
            ServerAllocatedBytesPerEvent = transport == TransportIds.Polling ? 5200 : 180,
        };
    }

    /// <summary>A smooth CDF through p50 and p99 (log-logistic), 200 points like the real summary.</summary>
    private static LatencySummary Latency(double p50, double p90, double p99)
    {
        var spread = Math.Log(p99 / p50) / Math.Log(99);
        var cdf = Enumerable.Range(1, 200)
            .Select(i => Math.Min(i / 200.0, 0.999))
            .Select(f => new CdfPoint(Math.Round(p50 * Math.Exp(spread * Math.Log(f / (1 - f))), 4), f))
            .ToList();
        return new LatencySummary
        {
            Count = 3000,
            Mean = p50 * 1.2,
            P50 = p50,
            P90 = Math.Round(p90, 4),
            P99 = Math.Round(p99, 4),
            P999 = Math.Round(p99 * 1.2, 4),
            Max = Math.Round(p99 * 1.5, 4),
            Cdf = cdf,
        };
    }
}
