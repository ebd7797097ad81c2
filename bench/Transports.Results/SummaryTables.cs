using System.Globalization;
using Transports.Contract;

namespace Transports.Results;

/// <summary>Builds the <see cref="SummaryTable"/> of every metric in <see cref="Metrics.All"/> from a run.</summary>
public static class SummaryTables
{
    public static IReadOnlyList<SummaryTable> Build(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Metrics.All.Select(metric => Build(run, metric)).ToArray();
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
        if (metric.Kind == MetricKind.Noisy && !string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal)
            && ScenarioSettings.Find(run.Scenarios, TransportIds.Floor, settings) is { } floor && ScenarioStatus.IsOk(floor))
        {
            var floorValue = metric.Read(floor);
            if (floorValue > 0 && double.IsFinite(floorValue) && double.IsFinite(value))
            {
                ratio = value / floorValue;
            }
        }

        return new SummaryCell(value, metric.Display(value), ratio);
    }

    /// <summary>Names only the settings that vary across the run; when none does, names them all.</summary>
    private static string[] ColumnHeaders(List<ScenarioSettings> columns)
    {
        bool Varies<T>(Func<ScenarioSettings, T> read) => columns.Select(read).Distinct().Skip(1).Any();
        var payload = Varies(c => c.PayloadBytes);
        var rate = Varies(c => c.RateHz);
        var clients = Varies(c => c.Clients);
        var poll = Varies(c => c.PollIntervalMs);
        var upstream = Varies(c => c.UpstreamRateHz);
        var all = !(payload || rate || clients || poll || upstream);

        return columns.Select(c =>
        {
            var parts = new List<string>();
            if (all || payload)
            {
                parts.Add(Invariant($"{c.PayloadBytes} B"));
            }

            if (all || rate)
            {
                parts.Add(Invariant($"{c.RateHz:0.##} Hz"));
            }

            if (all || clients)
            {
                parts.Add(c.Clients == 1 ? "1 client" : Invariant($"{c.Clients} clients"));
            }

            if (all || poll)
            {
                parts.Add(Invariant($"poll {c.PollIntervalMs:0.##} ms"));
            }

            if (all || upstream)
            {
                parts.Add(Invariant($"up {c.UpstreamRateHz:0.##} Hz"));
            }

            return string.Join(", ", parts);
        }).ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
