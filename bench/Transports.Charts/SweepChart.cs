using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>Chart 5: key metrics against a swept setting, one line per transport, one panel per metric.</summary>
internal static class SweepChart
{
    /// <summary>The metrics, with short panel titles (three panels share one row).</summary>
    public static IReadOnlyList<(Metric Metric, string Title)> KeyMetrics { get; } =
    [
        (Metrics.OverheadBytesPerEvent, "Overhead"),
        (Metrics.RequestsPerEvent, "HTTP requests"),
        (Metrics.LatencyP50, "Latency p50"),
    ];

    public static string IdFor(ScenarioDimension dimension) => "sweep-" + dimension.Id;

    public static ChartModel Build(ScenarioMatrix matrix, ScenarioDimension dimension)
    {
        var target = matrix.DefaultTarget();
        var values = matrix.Values(dimension);
        var xAxis = ChartAxis.Fit(dimension.AxisLabel, values, fromZero: false);
        var panels = new List<ChartPanel>();
        foreach (var (metric, title) in KeyMetrics)
        {
            var lines = new List<LineSeries>();
            foreach (var transport in matrix.Transports)
            {
                var points = values
                    .Select(v => (Value: v, Scenario: matrix.Pick(transport, target.With(dimension, v), dimension)))
                    .Where(p => p.Scenario is not null)
                    .Select(p => new ChartPoint(p.Value, metric.Read(p.Scenario!)))
                    .ToList();
                if (points.Count > 0)
                {
                    lines.Add(new LineSeries(transport, TransportNames.Display(transport), points, string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal), Markers: true));
                }
            }

            var yAxis = ChartAxis.Fit(metric.Unit, lines.SelectMany(l => l.Points).Select(p => p.Y));
            panels.Add(new ChartPanel { Title = $"{title} ({metric.Unit})", XAxis = xAxis, YAxis = yAxis, Lines = lines });
        }

        return new ChartModel
        {
            Id = IdFor(dimension),
            Title = $"Overhead, requests and latency p50 vs {(dimension == ScenarioDimension.Clients ? "clients" : $"{dimension.Title.ToLowerInvariant()} ({dimension.Unit})")}",
            Subtitle = target.Describe(dimension),
            Panels = panels,
            Legend = ChartParts.TransportLegend(matrix),
        };
    }
}
