using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>Chart 3b: the latency distribution (empirical CDF), one line per transport, one panel per client count.</summary>
internal static class LatencyCdfChart
{
    public const string Id = "latency-cdf";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var clients = ScenarioDimensions.Clients;
        var panels = new List<(string Title, List<LineSeries> Lines)>();
        foreach (var count in matrix.PanelValues(clients))
        {
            var lines = ChartParts.PickAll(matrix, target.With(clients, count), clients)
                .Where(p => p.Scenario.LatencyMs.Cdf.Count > 0)
                .Select(p => new LineSeries(
                    p.Transport,
                    TransportNames.Display(p.Transport),
                    p.Scenario.LatencyMs.Cdf.Select(c => new ChartPoint(c.Ms, c.Fraction)).ToList(),
                    Dashed: string.Equals(p.Transport, TransportIds.Floor, StringComparison.Ordinal)))
                .ToList();
            panels.Add((clients.Describe(count), lines));
        }

        var xAxis = ChartAxis.Fit("latency (ms)", panels.SelectMany(p => p.Lines).SelectMany(l => l.Points).Select(p => p.X), fromZero: false);
        var yAxis = new ChartAxis("events delivered", AxisScale.Linear, 0, 1, [0, 0.25, 0.5, 0.75, 1], TickFormat.Percent);
        return new ChartModel
        {
            Id = Id,
            Title = "Latency distribution, by transport (ms, cumulative)",
            Subtitle = ChartParts.Join("Share of events delivered within x ms", target.Describe(clients)),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, XAxis = xAxis, YAxis = yAxis, Lines = p.Lines }).ToList(),
            Legend = ChartParts.TransportLegend(matrix),
        };
    }
}
