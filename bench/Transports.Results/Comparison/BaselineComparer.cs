using Transports.Contract;

namespace Transports.Results.Comparison;

/// <summary>
/// Compares a run with a baseline, scenario by scenario (matched by full name) and metric by metric.
/// Deterministic metrics are held to a tight tolerance and gate. Noisy metrics are divided by the tcp floor
/// measured under the same settings in the same run, so a slower machine moves both and the ratio stays;
/// a ratio change must clear a noise floor and, for latency p50 with enough windows, a Mann-Whitney U test,
/// and is reported but never gates. Models: dotnet/performance ResultsComparer, crank's RegressionBot.
/// </summary>
public static class BaselineComparer
{
    public static ComparisonReport Compare(RunResults baseline, RunResults current, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= ComparisonOptions.Default;

        var currentByName = ByName(current);
        var baselineNames = ByName(baseline);
        var rows = new List<ComparisonRow>();
        foreach (var before in baselineNames.Values)
        {
            currentByName.TryGetValue(before.Name, out var after);
            var afterOk = after is not null && ScenarioStatus.IsOk(after);
            if (!ScenarioStatus.IsOk(before))
            {
                // A scenario that failed in the baseline has no numbers to hold the current run to.
                rows.Add(new ComparisonRow
                {
                    Scenario = before.Name,
                    Transport = before.Transport,
                    Verdict = afterOk ? Verdict.New : Verdict.Missing,
                    Note = afterOk ? "failed in the baseline, runs now" : "failed in the baseline too",
                });
                continue;
            }

            if (after is null || !afterOk)
            {
                rows.Add(new ComparisonRow
                {
                    Scenario = before.Name,
                    Transport = before.Transport,
                    Verdict = Verdict.Missing,
                    Gates = true,
                    Note = after is null ? "not in the current run" : Failure(after),
                });
                continue;
            }

            foreach (var metric in options.Metrics)
            {
                if (CompareMetric(metric, before, after, baseline, current, options) is { } row)
                {
                    rows.Add(row);
                }
            }
        }

        foreach (var after in currentByName.Values.Where(s => !baselineNames.ContainsKey(s.Name)))
        {
            rows.Add(new ComparisonRow
            {
                Scenario = after.Name,
                Transport = after.Transport,
                Verdict = Verdict.New,
                Note = ScenarioStatus.IsOk(after) ? "not in the baseline" : $"not in the baseline; {Failure(after)}",
            });
        }

        return new ComparisonReport(baseline.Environment, current.Environment, options, rows);
    }

    /// <summary>
    /// One metric of one scenario: null when neither run measured it. A figure measured in only one run is new or
    /// missing; a text compares equal or changed; numbers by their metric's kind and tolerance.
    /// </summary>
    private static ComparisonRow? CompareMetric(Metric metric, ScenarioResult before, ScenarioResult after, RunResults baseline, RunResults current, ComparisonOptions options)
    {
        var row = new ComparisonRow
        {
            Scenario = before.Name,
            Transport = before.Transport,
            Metric = metric,
            BaselineValue = metric.Read(before),
            CurrentValue = metric.Read(after),
            Gates = metric.Kind == MetricKind.Deterministic,
            Verdict = Verdict.Same,
        };
        var (from, to) = (row.BaselineValue, row.CurrentValue);
        if (from.IsAbsent && to.IsAbsent)
        {
            return null;
        }

        if (from.IsAbsent || to.IsAbsent)
        {
            return from.IsAbsent
                ? row with { Verdict = Verdict.New, Gates = false, Note = "not measured in the baseline" }
                : row with { Verdict = Verdict.Missing, Note = "no longer measured" };
        }

        if (from.Number is not { } fromNumber || to.Number is not { } toNumber)
        {
            return string.Equals(from.Text, to.Text, StringComparison.Ordinal)
                ? row
                : row with { Verdict = Verdict.Changed, Note = $"was {metric.Display(from)}" };
        }

        if (!double.IsFinite(fromNumber) || !double.IsFinite(toNumber))
        {
            return NotANumber(row, fromNumber, toNumber);
        }

        return metric.Kind == MetricKind.Deterministic
            ? CompareDeterministic(row, metric, fromNumber, toNumber)
            : CompareNoisy(row, metric, before, after, baseline, current, options);
    }

    private static ComparisonRow CompareDeterministic(ComparisonRow row, Metric metric, double from, double to)
    {
        var tolerance = metric.Tolerance.For(row.Transport);
        var worse = metric.HigherIsBetter ? from - to : to - from;
        var verdict = tolerance.IsExceededBy(worse, from) ? Verdict.Regressed
            : tolerance.IsExceededBy(-worse, from) ? Verdict.Improved
            : Verdict.Same;
        return row with { Verdict = verdict };
    }

    private static ComparisonRow CompareNoisy(ComparisonRow row, Metric metric, ScenarioResult before, ScenarioResult after, RunResults baseline, RunResults current, ComparisonOptions options)
    {
        var (from, to) = (row.Baseline!.Value, row.Current!.Value);

        // tcp is the floor itself: its own values are compared as they are.
        var floorBefore = FloorValue(baseline, before, metric);
        var floorAfter = FloorValue(current, after, metric);
        var byRatio = !string.Equals(before.Transport, TransportIds.Floor, StringComparison.Ordinal)
            && floorBefore is > 0 && floorAfter is > 0;
        string? note = null;
        if (byRatio)
        {
            row = row with { BaselineRatio = from / floorBefore, CurrentRatio = to / floorAfter };
        }
        else if (!string.Equals(before.Transport, TransportIds.Floor, StringComparison.Ordinal))
        {
            note = floorBefore is null || floorAfter is null
                ? "no tcp floor under these settings; compared as measured"
                : "tcp floor is zero; compared as measured";
        }

        var compareFrom = row.BaselineRatio ?? from;
        var compareTo = row.CurrentRatio ?? to;
        var relative = row.RelativeChange ?? 0;

        // The absolute floor in the metric's unit: for a ratio, how far the value sits from where the
        // baseline ratio puts it on today's floor.
        var excess = byRatio ? (compareTo - compareFrom) * floorAfter!.Value : to - from;
        var noise = metric.Tolerance.For(row.Transport);
        if (!(Math.Abs(relative) > noise.Relative && Math.Abs(excess) > noise.Absolute))
        {
            return row with { Note = note };
        }

        var direction = relative > 0 != metric.HigherIsBetter ? Verdict.Regressed : Verdict.Improved;
        if (metric.WindowSamples is not { } windows)
        {
            return row with { Verdict = direction, Note = Join(note, "no window samples to test") };
        }

        var (windowsBefore, windowsAfter) = (windows(before), windows(after));
        if (windowsBefore.Count < options.MinimumSamples || windowsAfter.Count < options.MinimumSamples)
        {
            return row with { Verdict = direction, Note = Join(note, $"fewer than {options.MinimumSamples} windows to test") };
        }

        // Each window's value over the floor's value of its run, so the test sees the same quantity as the ratio.
        var samplesBefore = windowsBefore.Select(w => byRatio ? w / floorBefore!.Value : w).ToArray();
        var samplesAfter = windowsAfter.Select(w => byRatio ? w / floorAfter!.Value : w).ToArray();
        if (samplesBefore.Concat(samplesAfter).Any(v => !double.IsFinite(v)))
        {
            return row with { Verdict = direction, Note = Join(note, "window samples are not numbers") };
        }

        var test = MannWhitneyU.Test(samplesBefore, samplesAfter);
        return row with
        {
            Verdict = test.IsSignificant(options.Alpha) ? direction : Verdict.Noise,
            PValue = test.PValue,
            Note = note,
        };
    }

    /// <summary>NaN where a figure had nothing to divide by (no events): same when both are, else a change.</summary>
    private static ComparisonRow NotANumber(ComparisonRow row, double from, double to)
    {
        if (!double.IsFinite(from) && !double.IsFinite(to))
        {
            return row;
        }

        return double.IsFinite(from)
            ? row with { Verdict = Verdict.Regressed, Note = "no longer a number" }
            : row with { Verdict = Verdict.Improved, Note = "was not a number" };
    }

    private static double? FloorValue(RunResults run, ScenarioResult scenario, Metric metric)
    {
        var floor = ScenarioSettings.Find(run.Scenarios, TransportIds.Floor, ScenarioSettings.Of(scenario));
        if (floor is null || !ScenarioStatus.IsOk(floor))
        {
            return null;
        }

        return metric.Read(floor).Number is { } value && double.IsFinite(value) ? value : null;
    }

    /// <summary>First scenario per name, in run order (a duplicated name would be a harness bug).</summary>
    private static Dictionary<string, ScenarioResult> ByName(RunResults run)
    {
        var byName = new Dictionary<string, ScenarioResult>(StringComparer.Ordinal);
        foreach (var scenario in run.Scenarios)
        {
            byName.TryAdd(scenario.Name, scenario);
        }

        return byName;
    }

    private static string Failure(ScenarioResult scenario) =>
        string.IsNullOrEmpty(scenario.Error) ? scenario.Status : $"{scenario.Status}: {scenario.Error}";

    private static string? Join(string? first, string second) => first is null ? second : $"{first}; {second}";
}
