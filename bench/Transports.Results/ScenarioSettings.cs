namespace Transports.Results;

/// <summary>
/// The settings of a scenario other than its transport, one value per <see cref="ScenarioDimensions.All"/>:
/// the key that lines up a transport with the tcp floor measured under the same settings, and the column key
/// of the summary tables. Ordered dimension by dimension, each in its own order.
/// </summary>
internal sealed class ScenarioSettings : IEquatable<ScenarioSettings>, IComparable<ScenarioSettings>
{
    private readonly DimensionValue[] _values;

    private ScenarioSettings(DimensionValue[] values) => _values = values;

    public DimensionValue this[int dimension] => _values[dimension];

    public static ScenarioSettings Of(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new ScenarioSettings([.. ScenarioDimensions.All.Select(d => d.Read(scenario))]);
    }

    /// <summary>
    /// The scenario of <paramref name="transport"/> run under <paramref name="settings"/>. Where no scenario matches
    /// exactly, a single one that differs only in dimensions that do not apply to the transport stands in (the tcp
    /// floor measured once serves every poll interval; a harness may run those once rather than once per value).
    /// </summary>
    public static ScenarioResult? Find(IEnumerable<ScenarioResult> scenarios, string transport, ScenarioSettings settings)
    {
        var candidates = scenarios.Where(s => string.Equals(s.Transport, transport, StringComparison.Ordinal)).ToList();
        var exact = candidates.FirstOrDefault(s => Of(s).Equals(settings));
        if (exact is not null)
        {
            return exact;
        }

        var applies = ScenarioDimensions.All.Select(d => d.AppliesTo(transport)).ToArray();
        if (applies.All(a => a))
        {
            return null;
        }

        var loose = candidates.Where(s => Of(s).EqualsWhere(settings, applies)).ToList();
        return loose.Count == 1 ? loose[0] : null;
    }

    public bool Equals(ScenarioSettings? other) => other is not null && EqualsWhere(other, null);

    public override bool Equals(object? obj) => Equals(obj as ScenarioSettings);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public int CompareTo(ScenarioSettings? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            var order = ScenarioDimensions.All[i].Compare(_values[i], other._values[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    /// <summary>Equal in every dimension <paramref name="compared"/> marks (all when null).</summary>
    private bool EqualsWhere(ScenarioSettings other, bool[]? compared)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if ((compared is null || compared[i]) && !_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
