using System.Globalization;
using Spectre.Console;
using Transports.Contract;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>What a capacity search is asked: which settings to ramp, the bound, the time it may take, where to start.</summary>
public sealed record CapacitySearchOptions
{
    /// <summary><see cref="CapacitySearch.FindClients"/> and/or <see cref="CapacitySearch.FindRate"/>.</summary>
    public required IReadOnlyList<string> Dimensions { get; init; }

    public TimeSpan P99Bound { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The whole search, every transport and setting: it plans each step to end inside it.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(10);

    public int StartClients { get; init; } = 100;

    public double StartRateHz { get; init; } = 100;
}

/// <summary>
/// `run --find-max`: for each setting asked and each transport, a <see cref="CapacityRamp"/> over ordinary scenarios
/// (each one lands in results.json like any other), judged against the p99 bound with nothing lost. The time left is
/// shared out among the searches still to come, and a step predicted not to fit (from the last step's time, scaled by
/// the value) is not started: the search then reports what it has, limited by time. capacity.json is rewritten after
/// every step, so an interrupt keeps what was found.
/// </summary>
public sealed class CapacitySearchSchedule(RunPlan plan, CapacitySearchOptions options, TimeProvider? time = null) : IScenarioSchedule
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<Scenario> Planned => [];

    /// <summary>What was found so far (also in capacity.json).</summary>
    public CapacityReport Report { get; private set; } = new();

    public string Describe(TimeSpan perScenario) =>
        $"capacity search of {string.Join(", ", Order(plan.Transports))} by {string.Join(" and ", options.Dimensions)} at p99 <= {options.P99Bound.TotalMilliseconds:0.###} ms with nothing lost, at most {options.MaxTime.TotalSeconds:0} s";

    public async Task RunAsync(ScenarioMeasure measure, RunOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(output);
        var started = _time.GetTimestamp();
        var searches = (from dimension in options.Dimensions from transport in Order(plan.Transports) select (dimension, transport)).ToList();
        Report = new CapacityReport { P99BoundMs = options.P99Bound.TotalMilliseconds, MaxTimeSeconds = options.MaxTime.TotalSeconds };
        var ceiling = CapacityCeiling.ForMachine(plan.UpstreamRateHz > 0);
        try
        {
            for (var i = 0; i < searches.Count; i++)
            {
                var (dimension, transport) = searches[i];
                var left = options.MaxTime - _time.GetElapsedTime(started);
                var budget = left / (searches.Count - i);
                Report.Searches.Add(new CapacitySearch { Transport = transport, Dimension = dimension });
                var index = Report.Searches.Count - 1;
                await SearchAsync(dimension, transport, ceiling, budget, started, measure, search =>
                {
                    Report.Searches[index] = search;
                    output.SetCapacity(Report);
                }, cancellationToken).ConfigureAwait(false);
            }

            Report = Report with { Status = "complete" };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Report = Report with
            {
                Status = "interrupted",
                Searches = [.. Report.Searches.Select(s => string.IsNullOrEmpty(s.LimitedBy) ? s with { LimitedBy = "interrupted" } : s)],
            };
            throw;
        }
        finally
        {
            output.SetCapacity(Report);
        }
    }

    /// <summary>One transport along one setting; <paramref name="publish"/> gets the search as it stands after every step.</summary>
    private async Task SearchAsync(
        string dimension,
        string transport,
        CapacityCeiling machine,
        TimeSpan budget,
        long runStarted,
        ScenarioMeasure measure,
        Action<CapacitySearch> publish,
        CancellationToken cancellationToken)
    {
        var byClients = dimension == CapacitySearch.FindClients;
        var (ceiling, ceilingReason) = byClients ? ClientCeiling(machine) : RateCeiling();
        var start = byClients ? options.StartClients : options.StartRateHz;
        var ramp = new CapacityRamp(Math.Min(start, ceiling), ceiling, Math.Min(1, start), whole: byClients);
        var template = Template(transport);
        var search = new CapacitySearch
        {
            Transport = transport,
            Dimension = dimension,
            PayloadBytes = template.PayloadBytes,
            RateHz = template.RateHz,
            Clients = template.Clients,
            Ceiling = ceiling,
            CeilingReason = ceilingReason,
        };
        var steps = new List<CapacityStep>();
        var searchStarted = _time.GetTimestamp();
        string? limitedBy = null;
        while (ramp.Next is { } value)
        {
            var elapsed = _time.GetElapsedTime(searchStarted);
            if (steps.Count > 0 && elapsed + Predict(steps[^1], value) > budget)
            {
                limitedBy = "time";
                AnsiConsole.MarkupLineInterpolated($"[yellow]{transport} {dimension}: the next step ({Number(value)}) would not fit the time left ({(budget - elapsed).TotalSeconds:0} s); stopping here[/]");
                break;
            }

            var scenario = byClients ? template with { Clients = (int)value } : template with { RateHz = value };
            var confirming = ramp.NextIsConfirmation;
            var stepStarted = _time.GetTimestamp();
            var left = options.MaxTime - _time.GetElapsedTime(runStarted);
            var result = await measure(scenario, $"[{transport} {dimension} {Number(value)}{(confirming ? " again" : "")}]", left, cancellationToken).ConfigureAwait(false);
            var reason = Judge(result);
            ramp.Record(reason is null);
            steps.Add(new CapacityStep
            {
                Value = value,
                Scenario = result.Name,
                Passed = reason is null,
                Reason = reason,
                Confirmation = confirming,
                P50Ms = result.LatencyMs.P50,
                P99Ms = result.LatencyMs.P99,
                EventsLost = result.EventsLost,
                ServerMemoryBytesPerConnection = result.ServerMemoryBytesPerConnection,
                Seconds = Math.Round(_time.GetElapsedTime(stepStarted).TotalSeconds, 2),
            });
            if (reason is null)
            {
                AnsiConsole.MarkupLineInterpolated($"  [green]{transport} {dimension} {Number(value)}: met the bound[/] [grey]{Next(ramp)}[/]");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"  [yellow]{transport} {dimension} {Number(value)}: {reason}[/] [grey]{Next(ramp)}[/]");
            }
            publish(Finish(search, ramp, steps, byClients, template, null));
        }

        publish(Finish(search, ramp, steps, byClients, template, limitedBy));
    }

    /// <summary>The search as it stands: the max so far, what limited it, and the figures at the max.</summary>
    private static CapacitySearch Finish(CapacitySearch search, CapacityRamp ramp, List<CapacityStep> steps, bool byClients, Scenario template, string? limitedBy)
    {
        var max = ramp.Max;
        var done = ramp.Next is null || limitedBy is not null;
        var failure = ramp.FirstFailure is { } first ? steps.LastOrDefault(s => s.Value == first && !s.Passed) : null;
        limitedBy ??= !done ? "" : ramp.ReachedCeiling ? "ceiling" : failure?.Reason switch
        {
            null => "",
            var r when r.StartsWith("p99", StringComparison.Ordinal) => "latency",
            var r when r.Contains("lost", StringComparison.Ordinal) => "loss",
            _ => "failure",
        };
        return search with
        {
            Max = max,
            Confirmed = ramp.Confirmed,
            FirstFailure = ramp.FirstFailure,
            LimitedBy = limitedBy,
            MaxClients = byClients && max is { } clients ? (int)clients : null,
            MaxEventsPerSecond = !byClients ? max : null,
            DeliveredEventsPerSecond = max is { } m ? (byClients ? m * template.RateHz : m * template.Clients) : null,
            Steps = [.. steps],
        };
    }

    /// <summary>Null when the step met the bound with nothing lost; otherwise why not.</summary>
    private string? Judge(ScenarioResult result)
    {
        var bound = options.P99Bound.TotalMilliseconds;
        return !ScenarioStatus.IsOk(result) ? $"failed: {result.Error}"
            : result.EventsLost > 0 ? $"{result.EventsLost} events lost"
            : result.LatencyMs.Count == 0 ? "failed: no event delivered"
            : result.LatencyMs.P99 > bound ? string.Create(CultureInfo.InvariantCulture, $"p99 {result.LatencyMs.P99:0.###} ms > {bound:0.###} ms")
            : null;
    }

    /// <summary>How long a step at <paramref name="value"/> should take: the last step's time, scaled up (never down) by the value.</summary>
    private static TimeSpan Predict(CapacityStep last, double value) =>
        TimeSpan.FromSeconds(last.Seconds * Math.Max(1, value / last.Value));

    private Scenario Template(string transport) =>
        new(transport, plan.PayloadBytes[0], plan.RatesHz[0], plan.Clients[0], plan.PollIntervals[0], plan.UpstreamRateHz, plan.Duration, plan.Warmup, plan.Windows)
        {
            Arrivals = plan.Arrivals[0],
            DropEvery = plan.DropEvery[0],
        };

    /// <summary>The machine's ceiling, or lower where the recorders' sample memory would pass <see cref="RunPlan.MaxSampleBytes"/>.</summary>
    private (double Ceiling, string Reason) ClientCeiling(CapacityCeiling machine)
    {
        var perClient = (long)Template(TransportIds.Floor).Capacity * (sizeof(byte) + sizeof(long));
        var byMemory = RunPlan.MaxSampleBytes / perClient;
        return byMemory < machine.MaxClients
            ? (byMemory, $"sample memory ({RunPlan.MaxSampleBytes / (1024 * 1024 * 1024)} GiB)")
            : (machine.MaxClients, machine.Reason);
    }

    private (double Ceiling, string Reason) RateCeiling()
    {
        // Capacity = (rate + upstream × clients) × (duration + 1) × 1.5 + 1024 events per client, 9 bytes each.
        var clients = plan.Clients[0];
        var perClient = (double)RunPlan.MaxSampleBytes / clients / (sizeof(byte) + sizeof(long));
        var byMemory = Math.Floor(((perClient - 1024) / (1.5 * (plan.Duration.TotalSeconds + 1))) - (plan.UpstreamRateHz * clients));
        return byMemory < RunPlan.MaxRateHz
            ? (byMemory, $"sample memory ({RunPlan.MaxSampleBytes / (1024 * 1024 * 1024)} GiB)")
            : (RunPlan.MaxRateHz, $"the harness's rate limit ({RunPlan.MaxRateHz:N0} events/s)");
    }

    private static string Next(CapacityRamp ramp) =>
        ramp.Next is { } next ? $"next: {Number(next)}{(ramp.NextIsConfirmation ? " (confirming)" : "")}" : "";

    private static string Number(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Order(IEnumerable<string> transports) => transports.OrderBy(TransportIds.OrderOf);
}
