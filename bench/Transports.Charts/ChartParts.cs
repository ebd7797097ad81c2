using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>Pieces every chart shares: one group per transport, the tcp floor line, the legend entries.</summary>
internal static class ChartParts
{
    public const string FloorLabel = "tcp floor (raw TCP, same run)";

    /// <summary>The scenario of each transport for one panel, in report order; transports without one are left out.</summary>
    public static IReadOnlyList<(string Transport, ScenarioResult Scenario)> PickAll(ScenarioMatrix matrix, ScenarioTarget target, params ScenarioDimension[] exact)
    {
        var picked = new List<(string, ScenarioResult)>();
        foreach (var transport in matrix.Transports)
        {
            if (matrix.Pick(transport, target, exact) is { } scenario)
            {
                picked.Add((transport, scenario));
            }
        }

        return picked;
    }

    public static BarGroup Group(string transport, params Bar[] bars) => new(transport, TransportNames.Display(transport), bars);

    /// <summary>A dashed line at tcp's value, the floor every other transport is compared with (none when tcp has no value above zero).</summary>
    public static IReadOnlyList<ReferenceLine> Floor(IEnumerable<(string Transport, ScenarioResult Scenario)> picked, Func<ScenarioResult, double> read)
    {
        foreach (var (transport, scenario) in picked)
        {
            if (string.Equals(transport, TransportIds.Floor, StringComparison.Ordinal) && read(scenario) > 0)
            {
                return [new ReferenceLine(read(scenario), $"{FloorLabel}: {NumberText.Value(read(scenario))}", TransportIds.Floor)];
            }
        }

        return [];
    }

    public static LegendEntry FloorLegend { get; } = new(FloorLabel, LegendSymbol.DashedLine, TransportIds.Floor);

    /// <summary>One line symbol per transport, for line charts (bars carry their names on the x axis).</summary>
    public static IReadOnlyList<LegendEntry> TransportLegend(ScenarioMatrix matrix) =>
        matrix.Transports
            .Select(t => new LegendEntry(TransportNames.Display(t), string.Equals(t, TransportIds.Floor, StringComparison.Ordinal) ? LegendSymbol.DashedLine : LegendSymbol.Line, t))
            .ToList();

    public static string Join(params string[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));

    public static string MetricTitle(Metric metric) => $"{metric.Title} ({metric.Unit})";
}
