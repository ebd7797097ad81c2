using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

/// <summary>The throughput chart: delivered per client against the offered rate, log–log, only for a run that sweeps the rate.</summary>
public sealed class ThroughputChartTests
{
    private static readonly double[] Rates = [1_000, 1_000_000];

    /// <summary>One payload and client count at 1,000 and 1,000,000 events/s; websocket delivers half of the higher rate.</summary>
    private static RunResults RateSweep()
    {
        var run = SyntheticRun.Create();
        var one = run.Scenarios.Where(s => s.PayloadBytes == 16 && s.Clients == 10).ToList();
        return run with
        {
            Scenarios =
            [
                .. from rate in Rates
                   from s in one
                   let delivered = s.Transport == TransportIds.WebSocket && rate > 1_000 ? rate / 2 : rate
                   select s with { RateHz = rate, ThroughputEventsPerSecond = delivered * s.Clients, Name = $"{s.Transport}/rate={rate}" },
            ],
        };
    }

    [Fact]
    public void ARateSweepGetsALogLogChartOfDeliveredEventsPerClient()
    {
        var chart = Assert.Single(ChartSet.Build(RateSweep()), c => c.Id == ThroughputChart.Id);

        var panel = Assert.Single(chart.Panels);
        Assert.Equal(AxisScale.Log10, panel.XAxis!.Scale);
        Assert.Equal(AxisScale.Log10, panel.YAxis.Scale);
        var websocket = panel.Lines.Single(l => l.ColorKey == TransportIds.WebSocket);
        Assert.Equal([new ChartPoint(1_000, 1_000), new ChartPoint(1_000_000, 500_000)], websocket.Points);
        Assert.True(panel.Lines.Single(l => l.ColorKey == TransportIds.Tcp).Dashed);
        Assert.False(websocket.Dashed);
        System.Xml.Linq.XDocument.Parse(new SvgChartRenderer().Render(chart));
    }

    [Fact]
    public void OneRateOrNoDeliveryFiguresGiveNoThroughputChart()
    {
        Assert.DoesNotContain(ChartSet.Build(SyntheticRun.Create()), c => c.Id == ThroughputChart.Id);
        var sweep = RateSweep();
        var older = sweep with { Scenarios = [.. sweep.Scenarios.Select(s => s with { ThroughputEventsPerSecond = 0 })] };
        Assert.DoesNotContain(ChartSet.Build(older), c => c.Id == ThroughputChart.Id);
    }
}
