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

    /// <summary>Fills that tell values of a setting apart within a transport's group (the color stays the transport's).</summary>
    public static IReadOnlyList<BarFill> ValueFills { get; } = [BarFill.Solid, BarFill.Medium, BarFill.Light];

    /// <summary>
    /// One bar per HTTP version the run has, side by side in each transport's group (one bar where there is one version,
    /// or where the version does not concern the transport): the scenario of each version at the target, read by
    /// <paramref name="bar"/> with the version's fill and its series name.
    /// </summary>
    public static IReadOnlyList<Bar> PerHttpVersion(ScenarioMatrix matrix, string transport, ScenarioTarget target, ScenarioDimension exact, Func<ScenarioResult, string, BarFill, Bar> bar)
    {
        var http = ScenarioDimensions.HttpVersion;
        var versions = matrix.Values(http);
        if (versions.Count < 2 || !http.AppliesTo(transport))
        {
            return matrix.Pick(transport, target, exact) is { } only ? [bar(only, "", BarFill.Solid)] : [];
        }

        return [.. versions
            .Select((version, i) => (Scenario: matrix.Pick(transport, target.With(http, version), exact, http), Version: version, Fill: ValueFills[i % ValueFills.Count]))
            .Where(x => x.Scenario is not null)
            .Select(x => bar(x.Scenario!, http.Describe(x.Version), x.Fill))];
    }

    /// <summary>Legend entries for the HTTP versions side by side (none when the run has one).</summary>
    public static IReadOnlyList<LegendEntry> HttpVersionLegend(ScenarioMatrix matrix, string what)
    {
        var versions = matrix.Values(ScenarioDimensions.HttpVersion);
        return versions.Count < 2
            ? []
            : [.. versions.Select((v, i) => new LegendEntry($"{what}, {ScenarioDimensions.HttpVersion.Describe(v)}", LegendSymbol.Box, null, ValueFills[i % ValueFills.Count]))];
    }

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
