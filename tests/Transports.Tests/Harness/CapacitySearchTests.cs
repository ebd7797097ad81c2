using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;
using Transports.Tests.Time;

namespace Transports.Tests.Harness;

/// <summary>
/// The capacity search's decisions on made-up measurements: which values it measures, in which order, what it reports
/// and when the time bound stops it. Exact sequences: the logic is pure, time is fake.
/// </summary>
public sealed class CapacitySearchTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-capacity-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void It_doubles_until_a_failure_bisects_to_within_a_tenth_and_confirms()
    {
        var (measured, ramp) = Search(new CapacityRamp(100, 100_000, 1, whole: true), v => v <= 5000);

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 6400, 4800, 5600, 5200, 4800], measured);
        Assert.Equal(4800, ramp.Max);
        Assert.Equal(5200, ramp.FirstFailure);
        Assert.True(ramp.Confirmed);
        Assert.False(ramp.ReachedCeiling);
    }

    [Fact]
    public void A_ceiling_that_passes_is_confirmed_and_reported_as_the_limit()
    {
        var (measured, ramp) = Search(new CapacityRamp(100, 1000, 1, whole: true), _ => true);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], measured);
        Assert.True(ramp.ReachedCeiling);
        Assert.True(ramp.Confirmed);
        Assert.Null(ramp.FirstFailure);
    }

    [Fact]
    public void A_repeat_that_fails_moves_the_search_below_it()
    {
        var seen = new Dictionary<double, int>();
        bool Passes(double v)
        {
            seen[v] = seen.GetValueOrDefault(v) + 1;
            return v < 4800 || (v == 4800 && seen[v] == 1);
        }

        var (measured, ramp) = Search(new CapacityRamp(100, 100_000, 1, whole: true), Passes);

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 6400, 4800, 5600, 5200, 4800, 4000, 4400, 4400], measured);
        Assert.Equal(4400, ramp.Max);
        Assert.Equal(4800, ramp.FirstFailure);
        Assert.True(ramp.Confirmed);
    }

    [Fact]
    public void When_nothing_passes_it_halves_down_to_the_minimum_and_reports_none()
    {
        var (measured, ramp) = Search(new CapacityRamp(100, 100_000, 1, whole: true), _ => false);

        Assert.Equal([100, 50, 25, 12, 6, 3, 1], measured);
        Assert.Null(ramp.Max);
        Assert.False(ramp.Confirmed);
    }

    [Fact]
    public void Rates_keep_three_significant_digits()
    {
        var (measured, ramp) = Search(new CapacityRamp(100, 100_000, 1, whole: false), v => v <= 12_345);

        Assert.All(measured, v => Assert.Equal(v, double.Parse(v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(ramp.Max!.Value, 12_345 * (1 - CapacityRamp.Resolution), 12_345);
    }

    [Fact]
    public async Task The_time_left_is_shared_out_and_a_step_that_would_not_fit_is_not_started()
    {
        // Each step takes clients / 100 seconds of fake time; 2000 clients is the limit; 100 s for two transports.
        var time = new ManualTimeProvider();
        var plan = new RunPlan { Transports = [TransportIds.WebSocket, TransportIds.Tcp], PayloadBytes = [16], Clients = [1] };
        var schedule = new CapacitySearchSchedule(plan, new CapacitySearchOptions { Dimensions = [CapacitySearch.FindClients], P99Bound = TimeSpan.FromMilliseconds(100), MaxTime = TimeSpan.FromSeconds(100) }, time);
        var output = RunOutput.Create(_out, [], new RunEnvironment(), new RunSettings());

        await schedule.RunAsync((scenario, _, _, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(scenario.Clients / 100.0));
            var result = ScenarioResults.Identity(scenario) with
            {
                LatencyMs = new LatencySummary { Count = 10, P50 = 10, P99 = scenario.Clients <= 2000 ? 50 : 500 },
            };
            output.Add(result);
            return Task.FromResult(result);
        }, output, CancellationToken.None);

        var report = CapacityReport.Read(output.CapacityPath);
        Assert.Equal("complete", report.Status);
        var (websocket, tcp) = (report.Searches[0], report.Searches[1]);

        // websocket's 50 s: 100..1600 take 31 s; 3200 would take 32 more.
        Assert.Equal([100, 200, 400, 800, 1600], websocket.Steps.Select(s => s.Value));
        Assert.Equal((1600, "time", false), (websocket.MaxClients, websocket.LimitedBy, websocket.Confirmed));
        Assert.Equal(16_000, websocket.DeliveredEventsPerSecond);

        // tcp gets the 69 s left: 3200 fits (and fails); 2400 would not.
        Assert.Equal([100, 200, 400, 800, 1600, 3200], tcp.Steps.Select(s => s.Value));
        Assert.Equal((1600, 3200.0, "time"), (tcp.MaxClients, tcp.FirstFailure, tcp.LimitedBy));
        Assert.Equal("p99 500 ms > 100 ms", tcp.Steps[^1].Reason);
        Assert.Equal(11, ResultsJson.Read(output.ResultsPath).Scenarios.Count);
        Assert.Equal(report.Searches.Count, ResultsJson.Read(output.ResultsPath).Capacity?.Searches.Count);
    }

    [Fact]
    public async Task A_search_that_ends_reports_what_limited_it()
    {
        var plan = new RunPlan { Transports = [TransportIds.Tcp], PayloadBytes = [16], Clients = [1] };
        var schedule = new CapacitySearchSchedule(plan, new CapacitySearchOptions { Dimensions = [CapacitySearch.FindClients, CapacitySearch.FindRate], StartClients = 100, StartRateHz = 100 }, new ManualTimeProvider());
        var output = RunOutput.Create(_out, [], new RunEnvironment(), new RunSettings());

        await schedule.RunAsync((scenario, _, _, _) =>
        {
            var result = ScenarioResults.Identity(scenario) with
            {
                LatencyMs = new LatencySummary { Count = 10, P99 = 1 },
                EventsLost = scenario.Clients > 300 || scenario.RateHz > 1000 ? 1 : 0,
            };
            return Task.FromResult(result);
        }, output, CancellationToken.None);

        var clients = schedule.Report.Searches.Single(s => s.Dimension == CapacitySearch.FindClients);
        var rate = schedule.Report.Searches.Single(s => s.Dimension == CapacitySearch.FindRate);
        Assert.Equal((300, "loss", true), (clients.MaxClients, clients.LimitedBy, clients.Confirmed));
        Assert.Equal(3000, clients.DeliveredEventsPerSecond);
        Assert.Equal("loss", rate.LimitedBy);
        Assert.InRange(rate.MaxEventsPerSecond!.Value, 900, 1000);
        Assert.Equal(rate.MaxEventsPerSecond, rate.DeliveredEventsPerSecond);
    }

    private static (List<double> Measured, CapacityRamp Ramp) Search(CapacityRamp ramp, Func<double, bool> passes)
    {
        var measured = new List<double>();
        while (ramp.Next is { } value && measured.Count < 100)
        {
            measured.Add(value);
            ramp.Record(passes(value));
        }

        return (measured, ramp);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
