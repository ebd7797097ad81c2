using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>Chart 3a: latency p50 / p90 / p99 as grouped bars, one panel per client count.</summary>
internal static class LatencyChart
{
    public const string Id = "latency";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var clients = ScenarioDimensions.Clients;
        var panels = new List<(string Title, List<BarGroup> Groups, IReadOnlyList<ReferenceLine> Floor)>();
        foreach (var count in matrix.PanelValues(clients))
        {
            var picked = ChartParts.PickAll(matrix, target.With(clients, count), clients);
            var groups = picked.Select(p => ChartParts.Group(
                p.Transport,
                new Bar("p50", p.Scenario.LatencyMs.P50, p.Transport, BarFill.Solid, NumberText.Value(p.Scenario.LatencyMs.P50)),
                new Bar("p90", p.Scenario.LatencyMs.P90, p.Transport, BarFill.Medium, NumberText.Value(p.Scenario.LatencyMs.P90)),
                new Bar("p99", p.Scenario.LatencyMs.P99, p.Transport, BarFill.Light, NumberText.Value(p.Scenario.LatencyMs.P99)))).ToList();
            panels.Add((clients.Describe(count), groups, ChartParts.Floor(picked, s => s.LatencyMs.P50)));
        }

        var axis = ChartAxis.Fit("milliseconds", panels.SelectMany(p => p.Groups).SelectMany(g => g.Bars).Select(b => b.Value));
        return new ChartModel
        {
            Id = Id,
            Title = "Latency p50 / p90 / p99, by transport (ms)",
            Subtitle = ChartParts.Join("Publish to delivery, every event of every client", target.Describe(clients)),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups, References = p.Floor }).ToList(),
            Legend =
            [
                new LegendEntry("p50", LegendSymbol.Box, null, BarFill.Solid),
                new LegendEntry("p90", LegendSymbol.Box, null, BarFill.Medium),
                new LegendEntry("p99", LegendSymbol.Box, null, BarFill.Light),
                new LegendEntry("tcp floor (p50)", LegendSymbol.DashedLine, TransportIds.Floor),
            ],
        };
    }
}
