using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// latency-vs-rtt: what a real network distance does to each transport. RTT on x, latency p50 and p99 on y (one panel
/// each), a line per transport, and RFC 6202's model (<see cref="Rfc6202Model"/>) dotted beneath: one transit for the
/// streams, half an interval more for polling, up to three transits for long polling.
/// </summary>
internal static class LatencyVsRttChart
{
    public const string Id = "latency-vs-rtt";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var rtts = matrix.Values(ScenarioDimensions.Rtt);
        var panels = new[] { (Title: "Latency p50 (ms)", Quantile: 0.5, Read: (Func<ScenarioResult, double>)(s => s.LatencyMs.P50)), ("Latency p99 (ms)", 0.99, s => s.LatencyMs.P99) }
            .Select(p => Panel(matrix, target, rtts, p.Title, p.Quantile, p.Read))
            .ToList();
        // Linear, from zero, shared: the model's lines are straight (latency grows with the RTT), and the panels compare.
        var axis = ChartAxis.Linear("milliseconds", 0, panels.SelectMany(p => p.Lines).SelectMany(l => l.Points).Select(point => point.Y).DefaultIfEmpty(1).Max());
        return new ChartModel
        {
            Id = Id,
            Title = "Latency p50 and p99 vs round-trip time (ms)",
            Subtitle = ChartParts.Join("Publish to delivery over an emulated path", target.Describe(ScenarioDimensions.Rtt), "dotted: RFC 6202 model"),
            Panels = [.. panels.Select(p => p with { YAxis = axis })],
            Legend = [.. ChartParts.TransportLegend(matrix), new LegendEntry(ModelLegend, LegendSymbol.DottedLine)],
        };
    }

    public const string ModelLegend = "RFC 6202 model (uncoloured where transports share it: the streams, one transit)";

    private static ChartPanel Panel(ScenarioMatrix matrix, ScenarioTarget target, IReadOnlyList<DimensionValue> rtts, string title, double quantile, Func<ScenarioResult, double> read)
    {
        var measured = new List<LineSeries>();
        var models = new List<(string Transport, List<ChartPoint> Points)>();
        foreach (var transport in matrix.Transports)
        {
            var picked = rtts
                .Select(rtt => (Rtt: rtt.Number, Scenario: matrix.Pick(transport, target.With(ScenarioDimensions.Rtt, rtt), ScenarioDimensions.Rtt)))
                .Where(p => p.Scenario is not null)
                .ToList();
            if (picked.Count == 0)
            {
                continue;
            }

            measured.Add(new LineSeries(transport, TransportNames.Display(transport), [.. picked.Select(p => new ChartPoint(p.Rtt, read(p.Scenario!)))], transport == TransportIds.Floor, Markers: true));
            var model = picked.Select(p => (p.Rtt, Model: Rfc6202Model.For(p.Scenario!))).Where(p => p.Model is not null).Select(p => new ChartPoint(p.Rtt, p.Model!.Quantile(quantile))).ToList();
            if (model.Count > 0)
            {
                models.Add((transport, model));
            }
        }

        // Transports the model treats alike (every stream: one transit) share one grey line; the others keep their colour.
        var modelLines = models
            .GroupBy(m => string.Join(';', m.Points), StringComparer.Ordinal)
            .Select(g => g.Count() == 1
                ? new LineSeries(g.First().Transport, $"model: {TransportNames.Display(g.First().Transport)}", g.First().Points, Model: true)
                : new LineSeries("model", $"model: {string.Join(", ", g.Select(m => TransportNames.Display(m.Transport)))}", g.First().Points, Model: true));
        return new ChartPanel
        {
            Title = title,
            XAxis = ChartAxis.Fit(ScenarioDimensions.Rtt.Label, rtts.Select(v => v.Number), fromZero: true),
            YAxis = ChartAxis.Fit("milliseconds", measured.SelectMany(l => l.Points).Select(p => p.Y)),
            Lines = [.. modelLines, .. measured],
        };
    }
}
