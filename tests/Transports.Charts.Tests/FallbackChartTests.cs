using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

/// <summary>fallback.svg: a panel per proxy mode, time to first event per transport, labelled with what it negotiated or why it got nothing.</summary>
public sealed class FallbackChartTests
{
    /// <summary>16 B, 10 clients; fallback, websocket and sse with no proxy, refused upgrades and buffering.</summary>
    private static RunResults ProxyComparison()
    {
        var run = SyntheticRun.Create();
        var one = run.Scenarios.Where(s => s.PayloadBytes == 16 && s.Clients == 10 && s.Transport is TransportIds.WebSocket or TransportIds.Sse).ToList();
        var fallback = one.Single(s => s.Transport == TransportIds.WebSocket) with { Transport = TransportIds.Fallback };
        ScenarioResult Behind(ScenarioResult s, string proxy, double? first, string? negotiated = null, string status = ScenarioStatus.Ok) =>
            s with { Proxy = proxy, TimeToFirstEventMs = first, NegotiatedTransport = negotiated, Status = status, Name = $"{s.Transport}/proxy={proxy}" };
        return run with
        {
            Scenarios =
            [
                Behind(fallback, "none", 12, TransportIds.WebSocket),
                Behind(fallback, "no-upgrade", 25, TransportIds.Sse),
                Behind(fallback, "buffering", 13, TransportIds.WebSocket),
                .. one.Select(s => Behind(s, "none", 10)),
                Behind(one.Single(s => s.Transport == TransportIds.WebSocket), "no-upgrade", null, status: ScenarioStatus.Failed),
                Behind(one.Single(s => s.Transport == TransportIds.Sse), "no-upgrade", 11),
                Behind(one.Single(s => s.Transport == TransportIds.WebSocket), "buffering", 10),
                Behind(one.Single(s => s.Transport == TransportIds.Sse), "buffering", null),
            ],
        };
    }

    [Fact]
    public void EachProxyModeIsAPanelAndEachBarSaysWhatTheClientNegotiatedOrWhyItGotNothing()
    {
        var chart = Assert.Single(ChartSet.Build(ProxyComparison()), c => c.Id == FallbackChart.Id);

        Assert.Equal(["no proxy", "no-upgrade proxy", "buffering proxy"], chart.Panels.Select(p => p.Title));
        string Label(int panel, string transport) => chart.Panels[panel].Groups.Single(g => g.Key == transport).Bars.Single().ValueLabel!;
        Assert.Equal("websocket 12", Label(0, TransportIds.Fallback));
        Assert.Equal("sse 25", Label(1, TransportIds.Fallback));
        Assert.Equal(FallbackChart.Failed, Label(1, TransportIds.WebSocket));
        Assert.Equal("11", Label(1, TransportIds.Sse));
        Assert.Equal(FallbackChart.NoEvent, Label(2, TransportIds.Sse));
        Assert.Equal(0, chart.Panels[2].Groups.Single(g => g.Key == TransportIds.Sse).Bars.Single().Value);
        System.Xml.Linq.XDocument.Parse(new SvgChartRenderer().Render(chart));
    }

    [Fact]
    public void ARunWithoutAProxyGetsNoFallbackChart()
    {
        Assert.DoesNotContain(ChartSet.Build(SyntheticRun.Create()), c => c.Id == FallbackChart.Id);
    }
}
