using Transports.Contract;

namespace Transports.Results;

/// <summary>Builds the <see cref="SummaryTable"/> of every headline metric (<see cref="Metrics.Headline"/>) from a run.</summary>
public static class SummaryTables
{
    /// <summary>One table per headline metric that at least one scenario of the run measured.</summary>
    public static IReadOnlyList<SummaryTable> Build(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Metrics.Headline
            .Where(metric => run.Scenarios.Any(s => ScenarioStatus.IsOk(s) && !metric.Read(s).IsAbsent) || !run.Scenarios.Any(ScenarioStatus.IsOk))
            .Select(metric => Build(run, metric))
            .ToArray();
    }

    public static SummaryTable Build(RunResults run, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metric);

        var columns = run.Scenarios.Select(ScenarioSettings.Of).Distinct().Order().ToList();
        var headers = ColumnHeaders(columns);
        var transports = run.Scenarios
            .Select(s => s.Transport)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(TransportIds.OrderOf)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToList();

        var rows = transports
            .Select(transport => new SummaryRow(transport, columns.Select(settings => Cell(run, metric, transport, settings)).ToArray()))
            .ToArray();
        return new SummaryTable(metric, headers, rows);
    }

    private static SummaryCell Cell(RunResults run, Metric metric, string transport, ScenarioSettings settings)
    {
        var scenario = ScenarioSettings.Find(run.Scenarios, transport, settings);
        if (scenario is null)
        {
            return new SummaryCell(null, SummaryCell.NotRun, null);
        }

        if (!ScenarioStatus.IsOk(scenario))
        {
            return new SummaryCell(null, SummaryCell.Failed, null);
        }

        var value = metric.Read(scenario);
        double? ratio = null;
        if (metric.Kind == MetricKind.Noisy && value.Number is { } number && !string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal)
            && ScenarioSettings.Find(run.Scenarios, TransportIds.Floor, settings) is { } floor && ScenarioStatus.IsOk(floor)
            && metric.Read(floor).Number is { } floorValue && floorValue > 0 && double.IsFinite(floorValue) && double.IsFinite(number))
        {
            ratio = number / floorValue;
        }

        return new SummaryCell(value.Number, metric.Display(value), ratio);
    }

    /// <summary>
    /// Names only the settings that vary across the run; when none does, names every setting the scenario names
    /// carry away from their default (so a new dimension left at its default adds nothing).
    /// </summary>
    private static string[] ColumnHeaders(List<ScenarioSettings> columns)
    {
        var dimensions = ScenarioDimensions.All;
        var varying = Enumerable.Range(0, dimensions.Count).Where(i => columns.Select(c => c[i]).Distinct().Skip(1).Any()).ToList();
        return columns.Select(c =>
        {
            var shown = varying.Count > 0
                ? varying
                : Enumerable.Range(0, dimensions.Count).Where(i => dimensions[i].Default != c[i]);
            return string.Join(", ", shown.Select(i => dimensions[i].Describe(c[i])));
        }).ToArray();
    }
}
