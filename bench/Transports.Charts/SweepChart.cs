using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Chart 5: key metrics against a swept setting, one panel per metric. A numeric setting is an x axis with one
/// line per transport; a category (arrivals, a header profile) is a bar per value in each transport's group.
/// </summary>
internal static class SweepChart
{
    /// <summary>The metrics, with short panel titles (three panels share one row).</summary>
    public static IReadOnlyList<(Metric Metric, string Title)> KeyMetrics { get; } =
    [
        (Metrics.OverheadBytesPerEvent, "Overhead"),
        (Metrics.RequestsPerEvent, "HTTP requests"),
        (Metrics.LatencyP50, "Latency p50"),
    ];

    public static string IdFor(ScenarioDimension dimension) => "sweep-" + dimension.NameKey;

    public static ChartModel Build(ScenarioMatrix matrix, ScenarioDimension dimension)
    {
        var target = matrix.DefaultTarget();
        var values = matrix.Values(dimension);
        var panels = KeyMetrics.Select(key => dimension.IsCategorical
            ? BarPanel(matrix, target, dimension, values, key.Metric, key.Title)
            : LinePanel(matrix, target, dimension, values, key.Metric, key.Title)).ToList();
        var unit = dimension.Unit.Length == 0 || dimension.Label == dimension.Title ? "" : $" ({dimension.Unit})";
        return new ChartModel
        {
            Id = IdFor(dimension),
            Title = $"Overhead, requests and latency p50 {(dimension.IsCategorical ? "by" : "vs")} {dimension.Title.ToLowerInvariant()}{unit}",
            Subtitle = target.Describe(dimension),
            Panels = panels,
            Legend = dimension.IsCategorical
                ? [.. values.Select((v, i) => new LegendEntry(dimension.Describe(v), LegendSymbol.Box, null, Fill(i)))]
                : ChartParts.TransportLegend(matrix),
        };
    }

    private static ChartPanel LinePanel(ScenarioMatrix matrix, ScenarioTarget target, ScenarioDimension dimension, IReadOnlyList<DimensionValue> values, Metric metric, string title)
    {
        var lines = new List<LineSeries>();
        foreach (var transport in matrix.Transports)
        {
            var points = values
                .Select(v => (Value: v, Y: Read(matrix, transport, target.With(dimension, v), dimension, metric)))
                .Where(p => p.Y is not null)
                .Select(p => new ChartPoint(p.Value.Number, p.Y!.Value))
                .ToList();
            if (points.Count > 0)
            {
                lines.Add(new LineSeries(transport, TransportNames.Display(transport), points, string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal), Markers: true));
            }
        }

        return new ChartPanel
        {
            Title = $"{title} ({metric.Unit})",
            XAxis = ChartAxis.Fit(dimension.Label, values.Select(v => v.Number), fromZero: false),
            YAxis = ChartAxis.Fit(metric.Unit, lines.SelectMany(l => l.Points).Select(p => p.Y)),
            Lines = lines,
        };
    }

    private static ChartPanel BarPanel(ScenarioMatrix matrix, ScenarioTarget target, ScenarioDimension dimension, IReadOnlyList<DimensionValue> values, Metric metric, string title)
    {
        var groups = new List<BarGroup>();
        foreach (var transport in matrix.Transports)
        {
            var bars = values
                .Select((v, i) => (Value: v, Index: i, Y: Read(matrix, transport, target.With(dimension, v), dimension, metric)))
                .Where(b => b.Y is not null)
                .Select(b => new Bar(b.Value.ToString(), b.Y!.Value, transport, Fill(b.Index), NumberText.Value(b.Y.Value)))
                .ToArray();
            if (bars.Length > 0)
            {
                groups.Add(ChartParts.Group(transport, bars));
            }
        }

        return new ChartPanel
        {
            Title = $"{title} ({metric.Unit})",
            YAxis = ChartAxis.Fit(metric.Unit, groups.SelectMany(g => g.Bars).Select(b => b.Value)),
            Groups = groups,
        };
    }

    /// <summary>The metric of the transport's scenario at the target with the swept value exact; null where there is none.</summary>
    private static double? Read(ScenarioMatrix matrix, string transport, ScenarioTarget target, ScenarioDimension dimension, Metric metric) =>
        matrix.Pick(transport, target, dimension) is { } scenario && metric.Read(scenario).Number is { } value ? value : null;

    private static BarFill Fill(int index) => ChartParts.ValueFills[index % ChartParts.ValueFills.Count];
}
