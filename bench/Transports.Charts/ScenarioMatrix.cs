using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// The successful scenarios of a run, seen as a matrix of transports by settings, with the choice of which
/// scenario stands for a transport when a chart shows one combination of settings.
/// </summary>
public sealed class ScenarioMatrix
{
    private readonly List<ScenarioResult> _scenarios;

    public ScenarioMatrix(IEnumerable<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        _scenarios = scenarios.Where(ScenarioStatus.IsOk).ToList();
        Transports = _scenarios
            .Select(s => s.Transport)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(TransportIds.OrderOf)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToList();
    }

    public bool IsEmpty => _scenarios.Count == 0;

    /// <summary>Transports with at least one result, in report order (tcp, the floor, last).</summary>
    public IReadOnlyList<string> Transports { get; }

    public IReadOnlyList<ScenarioResult> Scenarios => _scenarios;

    /// <summary>The distinct values of a dimension, in its order (numbers ascending).</summary>
    public IReadOnlyList<DimensionValue> Values(ScenarioDimension dimension) => ScenarioDimensions.Values(dimension, _scenarios);

    /// <summary>Dimensions with more than one value: the ones the run sweeps.</summary>
    public IReadOnlyList<ScenarioDimension> Varying => ScenarioDimensions.Varying(_scenarios);

    /// <summary>
    /// The combination charts show when they show one: the smallest payload (where headers weigh most), the
    /// most clients (closest to real load), a category's default where the run has it, and otherwise the first value.
    /// </summary>
    public ScenarioTarget DefaultTarget()
    {
        var values = new Dictionary<ScenarioDimension, DimensionValue>();
        foreach (var dimension in ScenarioDimensions.All)
        {
            var all = Values(dimension);
            if (all.Count > 0)
            {
                values[dimension] = dimension == ScenarioDimensions.Clients ? all[^1]
                    : dimension.Default is { } preferred && all.Contains(preferred) ? preferred
                    : all[0];
            }
        }

        return new ScenarioTarget(values);
    }

    /// <summary>
    /// The scenario of <paramref name="transport"/> closest to <paramref name="target"/>: it must match the
    /// <paramref name="exact"/> dimensions that apply to the transport (one that does not, such as the HTTP version for
    /// the tcp floor, may stand in at any value); the others are matched in <see cref="ScenarioDimensions.All"/> order.
    /// </summary>
    public ScenarioResult? Pick(string transport, ScenarioTarget target, params ScenarioDimension[] exact)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(exact);
        return _scenarios
            .Where(s => string.Equals(s.Transport, transport, StringComparison.Ordinal))
            .Where(s => exact.All(d => !d.AppliesTo(transport) || target.Matches(d, s)))
            .OrderBy(s => Mismatch(s, target))
            .FirstOrDefault();
    }

    /// <summary>Up to four evenly spread values of a dimension, for one panel each (more would be unreadable).</summary>
    public IReadOnlyList<DimensionValue> PanelValues(ScenarioDimension dimension)
    {
        var all = Values(dimension);
        if (all.Count <= 4)
        {
            return all;
        }

        return new[] { 0, all.Count / 3, 2 * all.Count / 3, all.Count - 1 }.Distinct().Select(i => all[i]).ToList();
    }

    private static int Mismatch(ScenarioResult scenario, ScenarioTarget target)
    {
        var score = 0;
        var dimensions = ScenarioDimensions.All;
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (!target.Matches(dimensions[i], scenario))
            {
                score += 1 << (dimensions.Count - i);
            }
        }

        return score;
    }
}
