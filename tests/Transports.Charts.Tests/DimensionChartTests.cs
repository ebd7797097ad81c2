using System.Net;
using Transports.Contract;
using Transports.Results;
using Transports.Results.Tests;

namespace Transports.Charts.Tests;

/// <summary>Every entry of <see cref="ScenarioDimensions.All"/> reaches the charts and report.html when a run varies it.</summary>
public sealed class DimensionChartTests
{
    public static TheoryData<string> Dimensions => [.. ScenarioDimensions.All.Select(d => d.Key)];

    /// <summary>The synthetic run, every scenario also measured at another value of the dimension.</summary>
    private static RunResults Varied(ScenarioDimension dimension)
    {
        var run = SyntheticRun.Create();
        var other = run.Scenarios.Select(s => DimensionValues.With(s, dimension, DimensionValues.OffDefault(dimension, s)));
        return run with { Scenarios = [.. run.Scenarios, .. other] };
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void VariedItGetsASweepWithEveryValue(string key)
    {
        var dimension = ScenarioDimensions.All.Single(d => d.Key == key);
        var run = Varied(dimension);
        var values = ScenarioDimensions.Values(dimension, run.Scenarios);

        var sweep = Assert.Single(ChartSet.Build(run), c => c.Id == "sweep-" + dimension.NameKey);

        Assert.Equal(3, sweep.Panels.Count);
        foreach (var panel in sweep.Panels)
        {
            if (dimension.IsCategorical)
            {
                // A bar per value in every transport's group, told apart by fill and named in the legend.
                Assert.Equal(TransportIds.All.Count, panel.Groups.Count);
                Assert.All(panel.Groups, g => Assert.Equal(values.Select(v => v.ToString()), g.Bars.Select(b => b.Series)));
                Assert.Equal(values.Select(dimension.Describe), sweep.Legend.Select(e => e.Label));
            }
            else
            {
                Assert.Equal(TransportIds.All.Count, panel.Lines.Count);
                Assert.All(panel.Lines, l => Assert.Equal(values.Select(v => v.Number), l.Points.Select(p => p.X)));
            }
        }

        System.Xml.Linq.XDocument.Parse(new SvgChartRenderer().Render(sweep));
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void TheReportNamesItsValuesInTheSettingsAndItsColumns(string key)
    {
        var dimension = ScenarioDimensions.All.Single(d => d.Key == key);
        var run = Varied(dimension);

        var html = WebUtility.HtmlDecode(HtmlReport.Render(run));

        var values = string.Join(", ", ScenarioDimensions.Values(dimension, run.Scenarios));
        Assert.Contains($"<tr><th>{dimension.Label}</th><td>{values}</td></tr>", html, StringComparison.Ordinal);
        foreach (var value in ScenarioDimensions.Values(dimension, run.Scenarios))
        {
            Assert.Contains(dimension.Describe(value), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADimensionARunLeavesAtItsDefaultIsNotInTheSubtitles()
    {
        var charts = ChartSet.Build(SyntheticRun.Create());

        foreach (var dimension in ScenarioDimensions.All.Where(d => d.Default is not null))
        {
            Assert.All(charts, c => Assert.DoesNotContain(dimension.Describe(dimension.Default!.Value), c.Subtitle, StringComparison.Ordinal));
        }
    }
}
