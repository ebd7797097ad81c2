using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

public sealed class LibraryOverheadChartTests
{
    [Fact]
    public void EachLibraryStandsNextToTheBareProtocolItRidesOnPerEventAndAtSetup()
    {
        var run = SyntheticRun.Create();
        var chart = Assert.Single(ChartSet.Build(run), c => c.Id == LibraryOverheadChart.Id);

        Assert.Equal(2, chart.Panels.Count);
        var expected = (string[])[TransportIds.WebSocket, .. TransportIds.All.Where(d => d.RidesOn == TransportIds.WebSocket).Select(d => d.Id)];
        Assert.Equal(expected, chart.Panels[0].Groups.Select(g => g.Key));
        Assert.Equal(expected, chart.Panels[1].Groups.Select(g => g.Key));
        var target = run.Scenarios.Where(s => s.PayloadBytes == SyntheticRun.Payloads[0] && s.Clients == SyntheticRun.ClientCounts[^1]).ToDictionary(s => s.Transport);
        Assert.All(chart.Panels[0].Groups, g => Assert.Equal(target[g.Key].OverheadBytesPerEvent, Assert.Single(g.Bars).Value));
        Assert.All(chart.Panels[1].Groups, g => Assert.Equal(target[g.Key].SetupBytes, Assert.Single(g.Bars).Value));
        System.Xml.Linq.XDocument.Parse(new SvgChartRenderer().Render(chart));
    }

    [Fact]
    public void ARunWithoutALibraryOrWithoutItsBareProtocolGetsNoLibraryChart()
    {
        var run = SyntheticRun.Create();
        var bare = run with { Scenarios = [.. run.Scenarios.Where(s => TransportIds.Get(s.Transport).RidesOn is null)] };
        var orphan = run with { Scenarios = [.. run.Scenarios.Where(s => s.Transport != TransportIds.WebSocket)] };

        Assert.DoesNotContain(ChartSet.Build(bare), c => c.Id == LibraryOverheadChart.Id);
        Assert.DoesNotContain(ChartSet.Build(orphan), c => c.Id == LibraryOverheadChart.Id);
    }
}
