using System.Text.Json;
using Transports.Contract;

namespace Transports.Results.Tests;

/// <summary>
/// Every entry of <see cref="ScenarioDimensions.All"/> reaches everything that names, groups or compares
/// scenarios. These iterate the list, so a new dimension is held to all of it by being added.
/// </summary>
public sealed class DimensionListTests
{
    public static TheoryData<string> Dimensions => [.. ScenarioDimensions.All.Select(d => d.Key)];

    private static ScenarioDimension Dimension(string key) => ScenarioDimensions.All.Single(d => d.Key == key);

    private static ScenarioResult Sse => SyntheticRuns.Scenario(TransportIds.Sse, 16);

    [Fact]
    public void KeysAndNameKeysAreUnique()
    {
        Assert.Equal(ScenarioDimensions.All.Count, ScenarioDimensions.All.Select(d => d.Key).Distinct().Count());
        Assert.Equal(ScenarioDimensions.All.Count, ScenarioDimensions.All.Select(d => d.NameKey).Distinct().Count());
    }

    [Fact]
    public void TodaysNamesAreTheOnesTheBaselineIsKeyedBy()
    {
        Assert.Equal("sse/payload=16/rate=10/clients=1/poll=250ms/up=0", ScenarioDimensions.NameOf(Sse));
        Assert.Equal(
            "polling/payload=1024/rate=0.5/clients=25/poll=62.5ms/up=2.125",
            ScenarioDimensions.NameOf(Sse with { Transport = TransportIds.Polling, PayloadBytes = 1024, RateHz = 0.5, Clients = 25, PollIntervalMs = 62.5, UpstreamRateHz = 2.125 }));
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void IsAResultsJsonKeyAndACsvColumn(string key)
    {
        var json = JsonSerializer.SerializeToElement(Sse, ResultsJson.Options);

        Assert.True(json.TryGetProperty(key, out _), $"{key} is not in results.json");
        Assert.Contains(key, ResultsCsv.Columns);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void IsNamedOffItsDefaultAndOnlyThenUnlessAlwaysNamed(string key)
    {
        var dimension = Dimension(key);
        var value = DimensionValues.OffDefault(dimension, Sse);

        var changed = DimensionValues.With(Sse, dimension, value);

        Assert.Contains("/" + dimension.NameSegment(value), changed.Name, StringComparison.Ordinal);
        Assert.NotEqual(ScenarioDimensions.NameOf(Sse), changed.Name);
        if (dimension.Default is { } @default && !dimension.AlwaysNamed)
        {
            var atDefault = DimensionValues.With(Sse, dimension, @default);
            Assert.DoesNotContain(dimension.NameKey + "=", atDefault.Name, StringComparison.Ordinal);
            Assert.Equal(ScenarioDimensions.NameOf(Sse), atDefault.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void AResultsFileWithoutTheKeyReadsAsTheDefaultAndKeepsItsName(string key)
    {
        var dimension = Dimension(key);
        if (dimension.Default is not { } @default)
        {
            Assert.True(dimension.AlwaysNamed, $"{key} has no default, so every earlier name must carry it");
            return;
        }

        var old = DimensionValues.Without(DimensionValues.With(Sse, dimension, @default), dimension);

        Assert.Equal(@default, dimension.Read(old));
        Assert.Equal(ScenarioDimensions.NameOf(Sse), ScenarioDimensions.NameOf(old));
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void VariedItGetsAColumnEachWithItsValueInTheHeader(string key)
    {
        var dimension = Dimension(key);
        var run = SyntheticRuns.Run();
        var other = run.Scenarios.Select(s => DimensionValues.With(s, dimension, DimensionValues.OffDefault(dimension, s)));
        run = run with { Scenarios = [.. run.Scenarios, .. other] };

        var table = SummaryTables.Build(run, Metrics.OverheadBytesPerEvent);

        Assert.Equal(4, table.Columns.Count);
        foreach (var value in run.Scenarios.Select(dimension.Read).Distinct())
        {
            Assert.Contains(table.Columns, c => c.Contains(dimension.Describe(value), StringComparison.Ordinal));
        }

        var markdown = SummaryMarkdown.Format(run);
        Assert.Contains($"| Transport | {string.Join(" | ", table.Columns)} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"**{dimension.Label}:**", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void TheFloorStandsInOnlyWhereTheDimensionDoesNotApplyToIt(string key)
    {
        // Every transport measured at two values of the dimension, tcp at one only.
        var dimension = Dimension(key);
        var run = SyntheticRuns.Run();
        var other = run.Scenarios
            .Where(s => s.Transport != TransportIds.Tcp)
            .Select(s => DimensionValues.With(s, dimension, DimensionValues.OffDefault(dimension, s)));
        run = run with { Scenarios = [.. run.Scenarios, .. other] };

        var table = SummaryTables.Build(run, Metrics.LatencyP50);
        var sse = table.Rows.Single(r => r.Transport == TransportIds.Sse).Cells;
        var tcp = table.Rows.Single(r => r.Transport == TransportIds.Tcp).Cells;

        Assert.Equal(4, sse.Count);
        if (dimension.AppliesTo(TransportIds.Tcp))
        {
            Assert.Equal(2, tcp.Count(c => c.Text == SummaryCell.NotRun));
            Assert.Equal(2, sse.Count(c => c.RatioToFloor is null));
        }
        else
        {
            Assert.DoesNotContain(tcp, c => c.Text == SummaryCell.NotRun);
            Assert.All(sse, c => Assert.Equal(2.5, c.RatioToFloor!.Value, 9));
        }
    }

    [Fact]
    public void PollIntervalAppliesOnlyToPolling()
    {
        string[] transports = [TransportIds.Polling, TransportIds.LongPolling, TransportIds.Sse, TransportIds.WebSocket, TransportIds.Tcp];
        Assert.Equal([TransportIds.Polling], transports.Where(ScenarioDimensions.PollInterval.AppliesTo));
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void TheComparisonMatchesItByName(string key)
    {
        // A run at another value of the dimension is another set of scenarios, not a changed one.
        var dimension = Dimension(key);
        var moved = SyntheticRuns.Run(s => DimensionValues.With(s, dimension, DimensionValues.OffDefault(dimension, s)));

        var report = Comparison.BaselineComparer.Compare(SyntheticRuns.Run(), moved);

        Assert.All(report.Rows, r => Assert.Contains(r.Verdict, new[] { Comparison.Verdict.Missing, Comparison.Verdict.New }));
    }

    [Fact]
    public void ACategoryRefusesADefaultThatIsNotOneOfItsValues()
    {
        Assert.Throws<ArgumentException>(() => ScenarioDimension.Categorical("k", "K", _ => "a", ["a", "b"], "c", v => v));
    }
}
