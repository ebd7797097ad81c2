using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Throughput: events delivered per second per client against the offered rate, one line per transport on log–log
/// axes, the tcp floor dashed. A transport that keeps up follows the offered rate; where it bends away it saturates.
/// Measured: events delivered inside the window per second (<see cref="Metrics.ThroughputEventsPerSecond"/>), per
/// client. Drawn when a run sweeps the rate and measured it (runs before that figure have none).
/// </summary>
internal static class ThroughputChart
{
    public const string Id = "throughput";

    public static ChartModel? Build(ScenarioMatrix matrix)
    {
        var rate = ScenarioDimensions.Rate;
        var rates = matrix.Values(rate);
        if (rates.Count < 2)
        {
            return null;
        }

        var target = matrix.DefaultTarget();
        var lines = new List<LineSeries>();
        foreach (var transport in matrix.Transports)
        {
            var points = rates
                .Select(v => (Rate: v.Number, Scenario: matrix.Pick(transport, target.With(rate, v), rate)))
                .Where(p => p.Scenario is { ThroughputEventsPerSecond: > 0, Clients: > 0 })
                .Select(p => new ChartPoint(p.Rate, p.Scenario!.ThroughputEventsPerSecond / p.Scenario.Clients))
                .ToList();
            if (points.Count > 0)
            {
                lines.Add(new LineSeries(transport, TransportNames.Display(transport), points, string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal), Markers: true));
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var delivered = lines.SelectMany(l => l.Points).Select(p => p.Y).Append(rates.Min(v => v.Number)).Append(rates.Max(v => v.Number)).ToList();
        var axisMin = delivered.Where(v => v > 0).Min();
        var axisMax = delivered.Max();
        return new ChartModel
        {
            Id = Id,
            Title = "Throughput: events delivered per second per client vs offered rate (log–log)",
            Subtitle = target.Describe(rate) + " · on the diagonal a transport keeps up; where it bends away it saturates",
            Panels =
            [
                new ChartPanel
                {
                    Title = "Delivered (events/s per client)",
                    XAxis = ChartAxis.Log(rate.Label, axisMin, axisMax),
                    YAxis = ChartAxis.Log("events/s", axisMin, axisMax),
                    Lines = lines,
                },
            ],
            Legend = ChartParts.TransportLegend(matrix),
        };
    }
}
