using Transports.Results;

namespace Transports.Charts;

/// <summary>Chart 2: HTTP requests per delivered event, one panel per client count; HTTP/1.1 and HTTP/2 side by side when the run has both.</summary>
internal static class RequestsChart
{
    public const string Id = "requests";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var clients = ScenarioDimensions.Clients;
        var groupsByPanel = new List<(string Title, List<BarGroup> Groups, IReadOnlyList<ReferenceLine> Floor)>();
        foreach (var count in matrix.PanelValues(clients))
        {
            var picked = ChartParts.PickAll(matrix, target.With(clients, count), clients);
            var groups = picked.Select(p => ChartParts.Group(
                p.Transport,
                [.. ChartParts.PerHttpVersion(matrix, p.Transport, target.With(clients, count), clients, (s, version, fill) =>
                    new Bar(ChartParts.Join("requests", version), s.RequestsPerEvent, p.Transport, fill, NumberText.Value(s.RequestsPerEvent)))])).ToList();
            groupsByPanel.Add((clients.Describe(count), groups, ChartParts.Floor(picked, s => s.RequestsPerEvent)));
        }

        var axis = ChartAxis.Fit("requests per event", groupsByPanel.SelectMany(p => p.Groups).SelectMany(g => g.Bars).Select(b => b.Value));
        var panels = groupsByPanel.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups, References = p.Floor }).ToList();
        return new ChartModel
        {
            Id = Id,
            Title = ChartParts.MetricTitle(Metrics.RequestsPerEvent) + ", by transport",
            Subtitle = ChartParts.Join("Requests opened in the window / events delivered", target.Describe(clients)),
            Panels = panels,
            Legend = [.. ChartParts.HttpVersionLegend(matrix, "requests"), .. panels.Any(p => p.References.Count > 0) ? [ChartParts.FloorLegend] : Array.Empty<LegendEntry>()],
        };
    }
}
