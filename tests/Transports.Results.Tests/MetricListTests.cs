using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Transports.Contract;
using Transports.Results.Comparison;

namespace Transports.Results.Tests;

/// <summary>
/// Every figure of a scenario is listed once: as a dimension, a metric or bookkeeping. A property that is none
/// of these fails here, so nothing new reaches results.json without a title, a unit and a tolerance.
/// </summary>
public sealed class MetricListTests
{
    [Fact]
    public void EveryResultKeyIsADimensionAMetricOrBookkeeping()
    {
        var listed = ScenarioDimensions.All.Select(d => d.Key)
            .Concat(Metrics.All.Select(m => m.Name))
            .Concat(Metrics.Bookkeeping)
            .ToHashSet(StringComparer.Ordinal);

        var unlisted = ResultKeys().Where(k => !listed.Contains(k)).ToList();

        Assert.True(unlisted.Count == 0, $"neither a dimension, a metric nor bookkeeping: {string.Join(", ", unlisted)}");
    }

    [Fact]
    public void EveryListedNameIsAResultKey()
    {
        var keys = ResultKeys().ToHashSet(StringComparer.Ordinal);

        Assert.All(Metrics.All.Select(m => m.Name).Concat(Metrics.Bookkeeping), name => Assert.Contains(name, keys));
    }

    [Fact]
    public void NamesAreUniqueAndHeadlineMetricsAreListed()
    {
        var names = Metrics.All.Select(m => m.Name).Concat(ScenarioDimensions.All.Select(d => d.Key)).Concat(Metrics.Bookkeeping).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Metrics.Headline, m => Assert.Contains(m, Metrics.All));
        Assert.All(Metrics.All, m => Assert.Same(m, Metrics.Find(m.Name)));
    }

    [Fact]
    public void EveryMetricHasWordsAUnitAndAFormatThatWorks()
    {
        Assert.All(Metrics.All, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Title), m.Name);
            Assert.False(string.IsNullOrWhiteSpace(m.Description), m.Name);
            Assert.Equal(m.IsText, string.IsNullOrWhiteSpace(m.Unit));
            Assert.Equal("1234", new Metric { Name = "x", Title = "x", Format = m.Format, Read = _ => 0 }.Display(1234));
        });
    }

    [Fact]
    public void EveryMetricReadsTheFigureItNames()
    {
        // Each figure of the scenario set to a distinct number, then read through the metric and the CSV alike.
        var json = JsonSerializer.SerializeToNode(SyntheticRuns.Scenario(TransportIds.WebSocket, 16) with { UpstreamLatencyMs = new LatencySummary(), AfterDropLatencyMs = new LatencySummary(), Relay = new RelayFigures() }, ResultsJson.Options)!.AsObject();
        var next = 1;
        foreach (var metric in Metrics.All)
        {
            var path = metric.Name.Split('.');
            var owner = path.Length == 1 ? json : json[path[0]]!.AsObject();
            owner[path[^1]] = metric.IsText ? $"t{next++}" : next++;
        }

        var scenario = json.Deserialize<ScenarioResult>(ResultsJson.Options)!;
        var row = CsvRecords.Parse(ResultsCsv.Format(SyntheticRuns.Run() with { Scenarios = [scenario] }))[1];
        next = 1;
        foreach (var metric in Metrics.All)
        {
            var expected = next++;
            var text = (metric.IsText ? "t" : "") + expected.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(metric.IsText ? metric.Read(scenario).Text == text : metric.Read(scenario).Number == expected, $"{metric.Name} reads {metric.Read(scenario)}, not {text}");
            Assert.Equal(text, row[ResultsCsv.Columns.ToList().IndexOf(metric.Name)]);
        }
    }

    [Fact]
    public void ToleranceIsDataOnTheMetricPerTransport()
    {
        var sse = Metrics.OverheadBytesPerEvent.Tolerance.For(TransportIds.Sse);
        Assert.Equal((0.015, 0.5), (sse.Relative, sse.Absolute));
        Assert.Equal(0.10, Metrics.OverheadBytesPerEvent.Tolerance.For(TransportIds.Polling).Relative);
        Assert.Equal(4, Metrics.SetupBytes.Tolerance.For(TransportIds.Polling).Absolute);
        Assert.Equal(Tolerance.Exact, Metrics.EventsLost.Tolerance.For(TransportIds.Polling));
        Assert.Equal("1.5% and 0.5 B/event; polling 10% and 0.5 B/event", Metrics.OverheadBytesPerEvent.Tolerance.Describe("B/event"));
    }

    [Fact]
    public void AbsentIsNotZero()
    {
        var scenario = SyntheticRuns.Scenario(TransportIds.Sse, 16);

        Assert.True(Metrics.UpstreamLatencyP50.Read(scenario).IsAbsent);
        Assert.Equal(MetricValue.AbsentText, Metrics.UpstreamLatencyP50.Display(Metrics.UpstreamLatencyP50.Read(scenario)));
        Assert.Equal(0, Metrics.UpstreamLatencyP50.Read(scenario with { UpstreamLatencyMs = new LatencySummary() }).Number);
    }

    /// <summary>Every key a scenario can have in results.json, nested ones dotted: from the JSON contract, so a property null by default counts too.</summary>
    private static IEnumerable<string> ResultKeys()
    {
        foreach (var property in ResultsJson.Options.GetTypeInfo(typeof(ScenarioResult)).Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var info = ResultsJson.Options.GetTypeInfo(type);
            if (info.Kind == JsonTypeInfoKind.Object)
            {
                foreach (var inner in info.Properties)
                {
                    yield return $"{property.Name}.{inner.Name}";
                }
            }
            else
            {
                yield return property.Name;
            }
        }
    }
}
