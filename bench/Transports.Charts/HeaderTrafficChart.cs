using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Chart 4: header traffic for 1,000 / 10,000 / 100,000 clients beside the Lubbers &amp; Greco 2010 figures (outlined
/// bars), like with like: the article's workload is one message a second per client, and a poll a second for polling.
/// So a transport that asks per batch (polling, long polling) costs the header text of one request and its answer once
/// a second (<c>headerTextBytesPerRequest</c>: the heads split from the bodies at the clients' sockets, without line
/// ends, as the article counted its 871; where heads cannot be split there, under TLS or HTTP/2, its whole overhead per
/// request), and a stream its measured overhead per event once a second, whatever rate the run itself published at.
/// The headers are the run's: the lubbers2010 profile (the article's request and response) when the run has it.
/// </summary>
internal static class HeaderTrafficChart
{
    public const string Id = "header-traffic";

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = Target(matrix);
        var picked = ChartParts.PickAll(matrix, target, ScenarioDimensions.ClientProfile);
        var panels = new List<(string Title, List<BarGroup> Groups, IReadOnlyList<ReferenceLine> Floor)>();
        for (var i = 0; i < LubbersGreco2010.Clients.Count; i++)
        {
            var clients = LubbersGreco2010.Clients[i];
            double Mbps(ScenarioResult s) => LubbersGreco2010.Mbps(BytesPerMessage(s) * LubbersGreco2010.RateHz * clients);
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
        var profile = target[ScenarioDimensions.ClientProfile] is { } value && value != ScenarioDimensions.ClientProfile.Default
            ? ", " + ScenarioDimensions.ClientProfile.Describe(value)
            : "";
        var measuredWith = target[ScenarioDimensions.Clients] is { } n ? $"scaled from the {NumberText.Count(n.Number)}-client run" : "";
        return new ChartModel
        {
            Id = Id,
            Title = "Header traffic for 1,000 / 10,000 / 100,000 clients at 1 message/s (Mbps)",
            Subtitle = ChartParts.Join(
                "Header text per poll (polling, long polling: request and answer heads without line ends, as the article counted) or overhead per event (streams), once a second per client",
                target.Describe(ScenarioDimensions.Clients),
                measuredWith),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups, References = p.Floor }).ToList(),
            Legend =
            [
                new LegendEntry($"measured{profile}, 1 message/s", LegendSymbol.Box),
                new LegendEntry($"{LubbersGreco2010.Source}, 1 message/s", LegendSymbol.Outline),
                ChartParts.FloorLegend,
            ],
        };
    }

    /// <summary>
    /// Header bytes one message costs in the article's workload: the header text of a poll's request and answer for a
    /// transport that asks per batch (its whole overhead per request where the heads were not split), the framing of one
    /// event for a stream.
    /// </summary>
    public static double BytesPerMessage(ScenarioResult scenario) =>
        !TransportIds.IsRequestPerBatch(scenario.Transport) ? scenario.OverheadBytesPerEvent
        : scenario.HeaderTextBytesPerRequest ?? scenario.OverheadBytesPerRequest ?? scenario.OverheadBytesPerEvent;

    /// <summary>
    /// The run's closest scenario to the article's: its header profile when the run has it, a poll and an event a
    /// second (so a poll answer carries one message, as the article's did), otherwise the charts' usual choice.
    /// </summary>
    private static ScenarioTarget Target(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var profiles = matrix.Values(ScenarioDimensions.ClientProfile);
        var lubbers = DimensionValue.Of(ClientProfiles.Lubbers2010);
        if (profiles.Contains(lubbers))
        {
            target = target.With(ScenarioDimensions.ClientProfile, lubbers);
        }

        target = Closest(matrix, target, ScenarioDimensions.Rate, LubbersGreco2010.RateHz);
        return Closest(matrix, target, ScenarioDimensions.PollInterval, 1000 / LubbersGreco2010.RateHz);
    }

    private static ScenarioTarget Closest(ScenarioMatrix matrix, ScenarioTarget target, ScenarioDimension dimension, double wanted)
    {
        var values = matrix.Values(dimension).Where(v => v.Number > 0).ToList();
        return values.Count == 0 ? target : target.With(dimension, values.OrderBy(v => Math.Abs(Math.Log(v.Number / wanted))).First());
    }
}
