using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transports.Results.Tests;

/// <summary>Sets any dimension on a result through its results.json key, so tests can iterate the list.</summary>
internal static class DimensionValues
{
    /// <summary>A value of <paramref name="dimension"/> other than <paramref name="scenario"/>'s and other than its default.</summary>
    public static DimensionValue OffDefault(ScenarioDimension dimension, ScenarioResult scenario)
    {
        var current = dimension.Read(scenario);
        if (dimension.IsCategorical)
        {
            return dimension.Values.Select(DimensionValue.Of).First(v => v != dimension.Default && v != current);
        }

        // A whole number one above: valid for integer properties too.
        return DimensionValue.Of(Math.Max(current.Number, dimension.Default?.Number ?? 0) + 1);
    }

    /// <summary>The result with the dimension's property set, written and read back as results.json would be.</summary>
    public static ScenarioResult With(ScenarioResult scenario, ScenarioDimension dimension, DimensionValue value)
    {
        var json = JsonSerializer.SerializeToNode(scenario, ResultsJson.Options)!.AsObject();
        Assert.True(json.ContainsKey(dimension.Key), $"{dimension.Key} is not a results.json key of a scenario");
        json[dimension.Key] = value.IsNumber ? JsonValue.Create(value.Number) : JsonValue.Create(value.Text);
        var changed = json.Deserialize<ScenarioResult>(ResultsJson.Options)!;
        Assert.Equal(value, dimension.Read(changed));
        return changed with { Name = ScenarioDimensions.NameOf(changed) };
    }

    /// <summary>The result as a results.json written before the dimension existed would read: its key left out.</summary>
    public static ScenarioResult Without(ScenarioResult scenario, ScenarioDimension dimension)
    {
        var json = JsonSerializer.SerializeToNode(scenario, ResultsJson.Options)!.AsObject();
        json.Remove(dimension.Key);
        return json.Deserialize<ScenarioResult>(ResultsJson.Options)!;
    }
}
