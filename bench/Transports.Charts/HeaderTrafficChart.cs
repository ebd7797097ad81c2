using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Chart 4: header traffic for 1,000 / 10,000 / 100,000 clients, scaled from the overhead bytes per
/// client-second measured here, beside the Lubbers &amp; Greco 2010 figures (outlined bars).
/// </summary>
internal static class HeaderTrafficChart
{
    public const string Id = "header-traffic";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        // The article assumes one message per second: of the run's rates, show the one closest to it.
        var rates = matrix.Values(ScenarioDimensions.Rate);
        var target = matrix.DefaultTarget();
        if (rates.Count > 0)
        {
            target = target.With(ScenarioDimensions.Rate, rates.OrderBy(r => Math.Abs(Math.Log(r.Number / LubbersGreco2010.RateHz))).First());
        }

        var picked = ChartParts.PickAll(matrix, target, ScenarioDimensions.Rate);
        var panels = new List<(string Title, List<BarGroup> Groups, IReadOnlyList<ReferenceLine> Floor)>();
        for (var i = 0; i < LubbersGreco2010.Clients.Count; i++)
        {
            var clients = LubbersGreco2010.Clients[i];
            double Mbps(ScenarioResult s) => LubbersGreco2010.Mbps(s.OverheadBytesPerClientSecond * clients);
            var groups = new List<BarGroup>();
            foreach (var (transport, scenario) in picked)
            {
                var bars = new List<Bar> { new("measured", Mbps(scenario), transport, BarFill.Solid, NumberText.Value(Mbps(scenario))) };
                var published = transport switch
                {
                    TransportIds.Polling => LubbersGreco2010.PollingMbps[i],
                    TransportIds.WebSocket => LubbersGreco2010.WebSocketMbps[i],
                    _ => double.NaN,
                };
                if (double.IsFinite(published))
                {
                    bars.Add(new Bar(LubbersGreco2010.Source, published, transport, BarFill.Reference, NumberText.Value(published)));
                }

                groups.Add(ChartParts.Group(transport, [.. bars]));
            }

            panels.Add((ScenarioDimensions.Clients.Describe(DimensionValue.Of(clients)), groups, ChartParts.Floor(picked, Mbps)));
        }

        var axis = ChartAxis.Fit("Mbps (2^20 bit/s)", panels.SelectMany(p => p.Groups).SelectMany(g => g.Bars).Select(b => b.Value));
        var rate = target[ScenarioDimensions.Rate] ?? DimensionValue.Of(0);
        var measuredWith = target[ScenarioDimensions.Clients] is { } n ? $"scaled from the {NumberText.Count(n.Number)}-client run" : "";
        return new ChartModel
        {
            Id = Id,
            Title = "Header traffic for 1,000 / 10,000 / 100,000 clients (Mbps)",
            Subtitle = ChartParts.Join(
                $"Measured here at {ScenarioDimensions.Rate.Describe(rate)}",
                target.Describe(ScenarioDimensions.Rate, ScenarioDimensions.Clients),
                measuredWith),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups, References = p.Floor }).ToList(),
            Legend =
            [
                new LegendEntry($"measured, {ScenarioDimensions.Rate.Describe(rate)}", LegendSymbol.Box),
                new LegendEntry($"{LubbersGreco2010.Source}, 1 message/s", LegendSymbol.Outline),
                ChartParts.FloorLegend,
            ],
        };
    }
}
