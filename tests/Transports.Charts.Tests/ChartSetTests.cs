using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

public sealed class ChartSetTests
{
    private readonly IReadOnlyList<ChartModel> _charts = ChartSet.Build(SyntheticRun.Create());

    private ChartModel Chart(string id) => _charts.Single(c => c.Id == id);

    [Fact]
    public void BuildsTheFixedChartsThenOneSweepPerVariedSetting()
    {
        Assert.Equal(
            ["overhead", "requests", "latency", "latency-cdf", "header-traffic", "sweep-payload", "sweep-clients"],
            _charts.Select(c => c.Id));
    }

    [Fact]
    public void RunWithoutSuccessfulScenarioHasNoChart()
    {
        var run = SyntheticRun.Create() with { Scenarios = [.. SyntheticRun.Create().Scenarios.Select(s => s with { Status = "failed" })] };
        Assert.Empty(ChartSet.Build(run));
    }

    [Fact]
    public void OverheadHasOnePanelPerPayloadWithPayloadAndOverheadApart()
    {
        var chart = Chart("overhead");
        Assert.Equal(["16 B payload", "1,024 B payload"], chart.Panels.Select(p => p.Title));
        var websocket = chart.Panels[1].Groups.Single(g => g.Key == TransportIds.WebSocket);
        Assert.Equal([("payload", 1024.0), ("overhead", 4.0)], websocket.Bars.Select(b => (b.Series, b.Value)));
    }

    [Fact]
    public void OverheadAndRequestsShowHttp11AndHttp2SideBySide()
    {
        // The HTTP transports measured again over HTTP/2 (the tcp floor once: the version does not concern it).
        var run = SyntheticRun.Create();
        var http2 = run.Scenarios.Where(s => TransportIds.IsHttp(s.Transport)).Select(s => s with
        {
            HttpVersion = HttpVersions.Http2,
            OverheadBytesPerEvent = s.OverheadBytesPerEvent / 2,
            RequestsPerEvent = s.RequestsPerEvent,
        }).Select(s => s with { Name = ScenarioDimensions.NameOf(s) });
        var charts = ChartSet.Build(run with { Scenarios = [.. run.Scenarios, .. http2] });

        var overhead = charts.Single(c => c.Id == "overhead").Panels[0].Groups;
        Assert.Equal(
            [("payload", 16.0), ("overhead · HTTP/1.1", 1320.0), ("overhead · HTTP/2", 660.0)],
            overhead.Single(g => g.Key == TransportIds.Polling).Bars.Select(b => (b.Series, b.Value)));
        Assert.Equal(["payload", "overhead"], overhead.Single(g => g.Key == TransportIds.Tcp).Bars.Select(b => b.Series));
        var requests = charts.Single(c => c.Id == "requests").Panels[0].Groups.Single(g => g.Key == TransportIds.LongPolling);
        Assert.Equal(["requests · HTTP/1.1", "requests · HTTP/2"], requests.Bars.Select(b => b.Series));
        Assert.Contains(charts.Single(c => c.Id == "overhead").Legend, e => e.Label == "overhead, HTTP/2");
    }

    [Fact]
    public void OverheadDrawsTheTcpFloorAtTcpsValue()
    {
        foreach (var panel in Chart("overhead").Panels)
        {
            var floor = Assert.Single(panel.References);
            Assert.Equal(TransportIds.Tcp, floor.ColorKey);
            Assert.Equal(SyntheticRun.Overhead(TransportIds.Tcp, 16), floor.Value);
        }
    }

    [Fact]
    public void ChartsShowingOneCombinationSayWhichInTheSubtitle()
    {
        // Overhead panels by payload, at the most clients; the others panel by clients, at the smallest payload.
        Assert.Contains("100 clients", Chart("overhead").Subtitle, StringComparison.Ordinal);
        Assert.Contains("16 B payload", Chart("requests").Subtitle, StringComparison.Ordinal);
        Assert.Contains("16 B payload", Chart("latency").Subtitle, StringComparison.Ordinal);
        Assert.Equal(["10 clients", "100 clients"], Chart("latency").Panels.Select(p => p.Title));
    }

    [Fact]
    public void HeaderTrafficScalesMeasuredBytesToMbpsOfTwoToTheTwenty()
    {
        var chart = Chart("header-traffic");
        Assert.Equal(["1,000 clients", "10,000 clients", "100,000 clients"], chart.Panels.Select(p => p.Title));
        var polling = chart.Panels[2].Groups.Single(g => g.Key == TransportIds.Polling).Bars.Single(b => b.Series == "measured");
        var websocket = chart.Panels[2].Groups.Single(g => g.Key == TransportIds.WebSocket).Bars.Single(b => b.Series == "measured");

        // Like the article, one poll a second: the 290 B of header text of a poll (of its 330 B overhead, 1,320 B per
        // event at four polls an event) x 100,000 clients x 8 bits / 2^20; a stream pays its framing per event, one
        // event a second.
        Assert.Equal(290.0 * 100_000 * 8 / 1_048_576, polling.Value, 9);
        Assert.Equal(2.0 * 100_000 * 8 / 1_048_576, websocket.Value, 9);
    }

    [Fact]
    public void HeaderTrafficPrefersTheLubbers2010ProfileAndAPollAndAnEventASecond()
    {
        // The same run measured again with the article's headers, at 1 poll/s: those scenarios are the chart's, and a
        // poll costs its header text (859 B), not its whole overhead (898 B, the answer body's wrapping too).
        var run = SyntheticRun.Create();
        var lubbers = run.Scenarios.Select(s => s with
        {
            ClientProfile = ClientProfiles.Lubbers2010,
            PollIntervalMs = 1000,
            OverheadBytesPerRequest = s.OverheadBytesPerRequest is null ? null : 898,
            HeaderTextBytesPerRequest = s.OverheadBytesPerRequest is null ? null : 859,
        }).Select(s => s with { Name = ScenarioDimensions.NameOf(s) });
        var chart = ChartSet.Build(run with { Scenarios = [.. run.Scenarios, .. lubbers] }).Single(c => c.Id == "header-traffic");

        var polling = chart.Panels[0].Groups.Single(g => g.Key == TransportIds.Polling).Bars.Single(b => b.Series == "measured");
        Assert.Equal(859.0 * 1000 * 8 / 1_048_576, polling.Value, 9);
        Assert.Contains("lubbers2010 headers", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderTrafficMarksThe2010FiguresAndLabelsTheRate()
    {
        var chart = Chart("header-traffic");
        double Published(int panel, string transport) =>
            chart.Panels[panel].Groups.Single(g => g.Key == transport).Bars.Single(b => b.Fill == BarFill.Reference).Value;

        Assert.Equal([6.6, 66, 665], Enumerable.Range(0, 3).Select(i => Published(i, TransportIds.Polling)));
        Assert.Equal([0.015, 0.153, 1.526], Enumerable.Range(0, 3).Select(i => Published(i, TransportIds.WebSocket)));
        Assert.DoesNotContain(chart.Panels.SelectMany(p => p.Groups).Where(g => g.Key == TransportIds.Sse).SelectMany(g => g.Bars), b => b.Fill == BarFill.Reference);
        Assert.Contains("once a second per client", chart.Subtitle, StringComparison.Ordinal);
        Assert.Contains("2^20", chart.Panels[0].YAxis.Label, StringComparison.Ordinal);
        Assert.Contains(chart.Legend, e => e.Label == "Lubbers & Greco 2010, 1 message/s" && e.Symbol == LegendSymbol.Outline);
        Assert.Contains(chart.Legend, e => e.Label == "measured, 1 message/s");
    }

    [Fact]
    public void LatencyCdfHasOneLinePerTransportWithTheFloorDashed()
    {
        foreach (var panel in Chart("latency-cdf").Panels)
        {
            Assert.Equal(TransportIds.Ids, panel.Lines.Select(l => l.ColorKey));
            Assert.Equal(TransportIds.All.Select(d => d.IsFloor), panel.Lines.Select(l => l.Dashed));
            Assert.Equal(AxisScale.Log10, panel.XAxis!.Scale);
        }
    }

    [Fact]
    public void SweepDrawsEachKeyMetricAgainstTheSweptSetting()
    {
        var chart = Chart("sweep-clients");
        Assert.Equal(["Overhead (B/event)", "HTTP requests (req/event)", "Latency p50 (ms)"], chart.Panels.Select(p => p.Title));
        var latency = chart.Panels[2].Lines.Single(l => l.ColorKey == TransportIds.Sse);
        Assert.Equal([10.0, 100.0], latency.Points.Select(p => p.X));
        Assert.Equal([SyntheticRun.P50(TransportIds.Sse, 10), SyntheticRun.P50(TransportIds.Sse, 100)], latency.Points.Select(p => p.Y));
    }

    [Fact]
    public void FailedScenariosAreLeftOut()
    {
        var run = SyntheticRun.Create();
        run = run with { Scenarios = [.. run.Scenarios.Select(s => s.Transport == TransportIds.Sse ? s with { Status = "failed", Error = "boom" } : s)] };
        var overhead = ChartSet.Build(run).Single(c => c.Id == "overhead");
        Assert.All(overhead.Panels, p => Assert.DoesNotContain(p.Groups, g => g.Key == TransportIds.Sse));
    }

    [Fact]
    public void ARunOfOneScenarioPerTransportGetsTheFixedChartsAndNoSweep()
    {
        var run = SyntheticRun.Create();
        run = run with { Scenarios = [.. run.Scenarios.Where(s => s.PayloadBytes == 16 && s.Clients == 10)] };
        var charts = ChartSet.Build(run);
        Assert.Equal(["overhead", "requests", "latency", "latency-cdf", "header-traffic"], charts.Select(c => c.Id));
        Assert.All(charts.Where(c => c.Id != "header-traffic"), c => Assert.Single(c.Panels));
        Assert.All(charts, c => System.Xml.Linq.XDocument.Parse(new SvgChartRenderer().Render(c)));
    }

    [Fact]
    public void WithoutTcpThereIsNoFloorLine()
    {
        var run = SyntheticRun.Create();
        run = run with { Scenarios = [.. run.Scenarios.Where(s => s.Transport != TransportIds.Tcp)] };
        var overhead = ChartSet.Build(run).Single(c => c.Id == "overhead");
        Assert.All(overhead.Panels, p => Assert.Empty(p.References));
        Assert.All(overhead.Panels, p => Assert.Equal(TransportIds.All.Count(d => !d.IsFloor), p.Groups.Count));
    }

    [Fact]
    public void ManyValuesOfASettingGiveAtMostFourPanels()
    {
        var scenarios = Enumerable.Range(0, 7).SelectMany(i => TransportIds.Ids.Select(t => new ScenarioResult { Transport = t, PayloadBytes = 16 << i, RateHz = 1, Clients = 1 })).ToList();
        var matrix = new ScenarioMatrix(scenarios);
        Assert.Equal([16.0, 16 << 2, 16 << 4, 16 << 6], matrix.PanelValues(ScenarioDimensions.Payload).Select(v => v.Number));
    }
}
