using Transports.Results;

namespace Transports.Charts;

/// <summary>A combination of settings a chart shows, dimension by dimension.</summary>
public sealed class ScenarioTarget
{
    private readonly Dictionary<ScenarioDimension, DimensionValue> _values;

    public ScenarioTarget(IReadOnlyDictionary<ScenarioDimension, DimensionValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<ScenarioDimension, DimensionValue>(values);
    }

    public DimensionValue? this[ScenarioDimension dimension] => _values.TryGetValue(dimension, out var value) ? value : default(DimensionValue?);

    public ScenarioTarget With(ScenarioDimension dimension, DimensionValue value) =>
        new(new Dictionary<ScenarioDimension, DimensionValue>(_values) { [dimension] = value });

    public bool Matches(ScenarioDimension dimension, ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return !_values.TryGetValue(dimension, out var value) || dimension.Read(scenario) == value;
    }

    /// <summary>"16 B payload · 10 events/s · poll 250 ms", leaving out the given dimensions and any at its default.</summary>
    public string Describe(params ScenarioDimension[] except)
    {
        ArgumentNullException.ThrowIfNull(except);
        var parts = ScenarioDimensions.All
            .Where(d => !except.Contains(d) && _values.TryGetValue(d, out var value) && d.Default != value)
            .Select(d => d.Describe(_values[d]));
        return string.Join(" · ", parts);
    }
}
