using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Chart 1: header overhead bytes per event, next to the payload, one panel per payload size; HTTP/1.1 and HTTP/2 side
/// by side when the run has both.
/// </summary>
internal static class OverheadChart
{
    public const string Id = "overhead";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var payload = ScenarioDimensions.Payload;
        var panels = new List<(string Title, List<BarGroup> Groups, IReadOnlyList<ReferenceLine> Floor)>();
        foreach (var size in matrix.PanelValues(payload))
        {
            var picked = ChartParts.PickAll(matrix, target.With(payload, size), payload);

            // Payload and overhead side by side rather than stacked: stacks mislead on a log axis.
            var groups = picked.Select(p => ChartParts.Group(
                p.Transport,
                [
                    new Bar("payload", p.Scenario.PayloadBytes, p.Transport, BarFill.Light),
                    .. ChartParts.PerHttpVersion(matrix, p.Transport, target.With(payload, size), payload, (s, version, fill) =>
                        new Bar(ChartParts.Join("overhead", version), s.OverheadBytesPerEvent, p.Transport, fill == BarFill.Light ? BarFill.Medium : fill, NumberText.Value(s.OverheadBytesPerEvent))),
                ])).ToList();
            panels.Add((payload.Describe(size), groups, ChartParts.Floor(picked, s => s.OverheadBytesPerEvent)));
        }

        // One y axis for every panel, so payload sizes compare at a glance.
        var axis = ChartAxis.Fit("bytes per event", panels.SelectMany(p => p.Groups).SelectMany(g => g.Bars).Select(b => b.Value));
        return new ChartModel
        {
            Id = Id,
            Title = "Header overhead per event, by transport (bytes/event)",
            Subtitle = ChartParts.Join("Wire bytes both ways minus payload, per delivered event", target.Describe(payload)),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups, References = p.Floor }).ToList(),
            Legend =
            [
                new LegendEntry("payload", LegendSymbol.Box, null, BarFill.Light),
                .. ChartParts.HttpVersionLegend(matrix, "overhead") is { Count: > 0 } versions
                    ? versions.Select(v => v.Fill == BarFill.Light ? v with { Fill = BarFill.Medium } : v)
                    : [new LegendEntry("overhead: headers + framing", LegendSymbol.Box, null, BarFill.Solid)],
                ChartParts.FloorLegend,
            ],
        };
    }
}
