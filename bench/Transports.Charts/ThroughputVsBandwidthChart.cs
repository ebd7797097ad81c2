using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// throughput-vs-bandwidth: the most events per second each transport got across a bandwidth-limited path, one panel
/// per payload size. Measured: events delivered inside the window per second (<see cref="Metrics.ThroughputEventsPerSecond"/>);
/// what did not fit queued and was delivered in the drain or counted lost, never dropped silently. Dotted beneath, the
/// capacity the link would have if only the event's bytes crossed it: bandwidth ÷ (payload + the overhead per event
/// measured for that transport). This is where headers cost real capacity.
/// </summary>
internal static class ThroughputVsBandwidthChart
{
    public const string Id = "throughput-vs-bandwidth";

    public static bool Applies(ScenarioMatrix matrix) =>
        matrix.Varying.Contains(ScenarioDimensions.Bandwidth) && matrix.Values(ScenarioDimensions.Bandwidth).Any(v => v.Number > 0);

    public static ChartModel Build(ScenarioMatrix matrix)
    {
        var target = matrix.DefaultTarget();
        var bandwidths = matrix.Values(ScenarioDimensions.Bandwidth).Where(v => v.Number > 0).ToList();
        var panels = matrix.PanelValues(ScenarioDimensions.Payload)
            .Select(payload => Panel(matrix, target.With(ScenarioDimensions.Payload, payload), bandwidths, ScenarioDimensions.Payload.Describe(payload)))
            .ToList();
        // Log on both axes: capacity grows with the bandwidth over decades, and the measured lines sit where it meets the offered rate.
        var values = panels.SelectMany(p => p.Lines).SelectMany(l => l.Points).Select(p => p.Y).Concat(panels.SelectMany(p => p.References).Select(r => r.Value)).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        var axis = ChartAxis.Log("events/s", values.Min(), values.Max());
        return new ChartModel
        {
            Id = Id,
            Title = "Events delivered per second vs bandwidth (events/s)",
            Subtitle = ChartParts.Join(
                "Delivered inside the window; the rest queued and came in the drain",
                target.Describe(ScenarioDimensions.Bandwidth, ScenarioDimensions.Payload),
                "dotted: bandwidth ÷ (payload + measured overhead)"),
            Panels = [.. panels.Select(p => p with { YAxis = axis })],
            Legend = [.. ChartParts.TransportLegend(matrix), new LegendEntry("link capacity for this transport's bytes per event", LegendSymbol.DottedLine), new LegendEntry(OfferedLabel, LegendSymbol.DashedLine)],
        };
    }

    public const string OfferedLabel = "events offered (rate × clients)";

    private static ChartPanel Panel(ScenarioMatrix matrix, ScenarioTarget target, IReadOnlyList<DimensionValue> bandwidths, string title)
    {
        var measured = new List<LineSeries>();
        var capacity = new List<LineSeries>();
        double? offered = null;
        foreach (var transport in matrix.Transports)
        {
            var picked = bandwidths
                .Select(bw => (Mbps: bw.Number / 1e6, Scenario: matrix.Pick(transport, target.With(ScenarioDimensions.Bandwidth, bw), ScenarioDimensions.Bandwidth, ScenarioDimensions.Payload)))
                .Where(p => p.Scenario is not null)
                .Select(p => (p.Mbps, Scenario: p.Scenario!))
                .ToList();
            if (picked.Count == 0)
            {
                continue;
            }

            offered ??= picked[0].Scenario.RateHz * picked[0].Scenario.Clients;
            measured.Add(new LineSeries(transport, TransportNames.Display(transport), [.. picked.Select(p => new ChartPoint(p.Mbps, p.Scenario.ThroughputEventsPerSecond))], transport == TransportIds.Floor, Markers: true));
            capacity.Add(new LineSeries(transport, $"capacity: {TransportNames.Display(transport)}", [.. picked.Select(p => new ChartPoint(p.Mbps, CapacityEventsPerSecond(p.Scenario)))], Model: true));
        }

        return new ChartPanel
        {
            Title = title,
            XAxis = ChartAxis.Log("Bandwidth (Mbit/s)", bandwidths.Min(v => v.Number) / 1e6, bandwidths.Max(v => v.Number) / 1e6),
            YAxis = ChartAxis.Fit("events/s", measured.SelectMany(l => l.Points).Select(p => p.Y)),
            Lines = [.. capacity, .. measured],
            References = offered is { } value ? [new ReferenceLine(value, $"offered: {NumberText.Value(value)} events/s", "offered")] : [],
        };
    }

    /// <summary>Events per second the link carries when each takes its payload plus the overhead per event measured for its transport.</summary>
    public static double CapacityEventsPerSecond(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.BandwidthBitsPerSecond / 8.0 / (scenario.PayloadBytes + Math.Max(0, scenario.OverheadBytesPerEventDown));
    }
}
