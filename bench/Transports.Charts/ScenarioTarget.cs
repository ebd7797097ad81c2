using Transports.Results;

namespace Transports.Charts;

/// <summary>A combination of settings a chart shows, dimension by dimension.</summary>
public sealed class ScenarioTarget
{
    private readonly Dictionary<ScenarioDimension, double> _values;

    public ScenarioTarget(IReadOnlyDictionary<ScenarioDimension, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<ScenarioDimension, double>(values);
    }

    public double? this[ScenarioDimension dimension] => _values.TryGetValue(dimension, out var value) ? value : null;

    public ScenarioTarget With(ScenarioDimension dimension, double value) =>
        new(new Dictionary<ScenarioDimension, double>(_values) { [dimension] = value });

    public bool Matches(ScenarioDimension dimension, ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return !_values.TryGetValue(dimension, out var value) || dimension.Read(scenario) == value;
    }

    /// <summary>"16 B payload · 10 events/s · poll 250 ms", leaving out the given dimensions and a zero upstream rate.</summary>
    public string Describe(params ScenarioDimension[] except)
    {
        ArgumentNullException.ThrowIfNull(except);
        var parts = ScenarioDimension.All
            .Where(d => !except.Contains(d) && _values.ContainsKey(d))
            .Where(d => d != ScenarioDimension.UpstreamRate || _values[d] != 0)
            .Select(d => d.Describe(_values[d]));
        return string.Join(" · ", parts);
    }
}
