using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// Fallback under hostile intermediaries: one panel per `--proxy` mode, a bar per transport for its time to first event
/// (connecting, failed attempts included, plus the first event's delivery), labelled with the transport it negotiated
/// (a library, the fallback client) or, where it got nothing, why: "no event" (it connected but the proxy held every
/// event) or "failed" (it could not connect at all). Drawn when the run has a scenario behind a proxy.
/// </summary>
internal static class FallbackChart
{
    public const string Id = "fallback";

    public const string NoEvent = "no event";
    public const string Failed = "failed";

    public static ChartModel? Build(RunResults results, ScenarioMatrix matrix)
    {
        var proxy = ScenarioDimensions.Proxy;
        var all = results.Scenarios;
        var modes = ScenarioDimensions.Values(proxy, all);
        if (!modes.Any(m => m != proxy.Default))
        {
            return null;
        }

        var target = matrix.DefaultTarget();
        var transports = all.Select(s => s.Transport).Distinct(StringComparer.Ordinal).OrderBy(TransportIds.OrderOf).ToList();
        var panels = new List<(string Title, List<BarGroup> Groups)>();
        foreach (var mode in modes)
        {
            var groups = new List<BarGroup>();
            foreach (var transport in transports)
            {
                var scenario = matrix.Pick(transport, target.With(proxy, mode), proxy);
                if (scenario is not null && string.Equals(scenario.Proxy, mode.Text, StringComparison.Ordinal))
                {
                    var first = scenario.TimeToFirstEventMs;
                    var label = first is null ? NoEvent : scenario.NegotiatedTransport is { } chosen ? $"{chosen} {NumberText.Value(first.Value)}" : NumberText.Value(first.Value);
                    groups.Add(ChartParts.Group(transport, new Bar("time to first event", first ?? 0, transport, BarFill.Solid, label)));
                }
                else if (all.Any(s => s.Transport == transport && s.Proxy == mode.Text && !ScenarioStatus.IsOk(s)))
                {
                    groups.Add(ChartParts.Group(transport, new Bar("time to first event", 0, transport, BarFill.Light, Failed)));
                }
            }

            panels.Add((proxy.Describe(mode), groups));
        }

        var axis = ChartAxis.Fit("ms", panels.SelectMany(p => p.Groups).SelectMany(g => g.Bars).Select(b => b.Value).Where(v => v > 0));
        return new ChartModel
        {
            Id = Id,
            Title = "Time to first event and the transport negotiated, per proxy mode (ms)",
            Subtitle = ChartParts.Join(
                $"From starting to connect (failed attempts included) to the first event; labels name the transport a negotiating client ended on; {NoEvent}: the proxy held every event; {Failed}: no connection",
                target.Describe(proxy)),
            Panels = panels.Select(p => new ChartPanel { Title = p.Title, YAxis = axis, Groups = p.Groups }).ToList(),
            Legend = [new LegendEntry("time to first event", LegendSymbol.Box, null, BarFill.Solid), new LegendEntry($"{Failed}: could not connect behind the proxy", LegendSymbol.Box, null, BarFill.Light)],
        };
    }
}
