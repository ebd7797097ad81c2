using System.Xml.Linq;
using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

/// <summary>latency-vs-rtt and throughput-vs-bandwidth: drawn when the run swept their setting, with the model beneath the measurement.</summary>
public sealed class NetworkChartTests
{
    private static readonly double[] Rtts = [0, 50, 100, 200];

    private static readonly long[] Bandwidths = [1_000_000, 10_000_000, 1_000_000_000];

    /// <summary>The synthetic run at one payload and client count, measured again at each RTT: latency grows by half of it.</summary>
    private static RunResults RttSweep()
    {
        var run = SyntheticRun.Create();
        var at = run.Scenarios.Where(s => s.PayloadBytes == 16 && s.Clients == 10).ToList();
        return run with
        {
            Scenarios = [.. Rtts.SelectMany(rtt => at.Select(s => s with
            {
                RttMs = rtt,
                LatencyMs = s.LatencyMs with { P50 = s.LatencyMs.P50 + (rtt / 2), P99 = s.LatencyMs.P99 + (1.5 * rtt) },
            }))],
        };
    }

    private static RunResults BandwidthSweep() =>
        SyntheticRun.Create() with
        {
            Scenarios = [.. Bandwidths.SelectMany(bw => SyntheticRun.Create().Scenarios.Where(s => s.Clients == 10).Select(s => s with
            {
                BandwidthBitsPerSecond = bw,
                RateHz = 5,
                ThroughputEventsPerSecond = Math.Min(5 * s.Clients, bw / 8.0 / (s.PayloadBytes + s.OverheadBytesPerEventDown)),
            }))],
        };

    [Fact]
    public void LatencyVsRttDrawsP50AndP99AgainstTheRttWithTheModelDottedBeneath()
    {
        var chart = Assert.Single(ChartSet.Build(RttSweep()), c => c.Id == "latency-vs-rtt");

        Assert.Equal(["Latency p50 (ms)", "Latency p99 (ms)"], chart.Panels.Select(p => p.Title));
        var p50 = chart.Panels[0];
        var measured = p50.Lines.Where(l => !l.Model).ToList();
        Assert.Equal(TransportIds.Ids, measured.Select(l => l.ColorKey));
        Assert.All(measured, l => Assert.Equal(Rtts, l.Points.Select(p => p.X)));
        var sse = measured.Single(l => l.ColorKey == TransportIds.Sse);
        Assert.Equal(SyntheticRun.P50(TransportIds.Sse, 10) + 100, sse.Points.Single(p => p.X == 200).Y, 9);

        // The model: at 1 event/s long polling finds a request waiting like a stream (one transit), so every transport
        // but polling shares one uncoloured line; polling has its own.
        var models = p50.Lines.Where(l => l.Model).ToList();
        Assert.Equal(2, models.Count);
        var shared = models.Single(l => l.Label.Contains("SSE", StringComparison.Ordinal));
        var oneTransit = TransportIds.All.Where(d => d.Id != TransportIds.Polling).Select(d => d.DisplayName);
        Assert.Equal("model: " + string.Join(", ", oneTransit), shared.Label);
        Assert.Contains("STOMP", shared.Label, StringComparison.Ordinal);
        Assert.Equal([0, 25, 50, 100], shared.Points.Select(p => p.Y));
        var polling = models.Single(l => l.ColorKey == TransportIds.Polling);
        Assert.Equal(SyntheticRun.PollMs / 2 + 50, polling.Points.Single(p => p.X == 100).Y, 9);
        Assert.Same(models[0], p50.Lines[0]);
        Assert.Contains(chart.Legend, e => e.Symbol == LegendSymbol.DottedLine);

        var svg = XDocument.Parse(new SvgChartRenderer().Render(chart));
        Assert.Equal(4, svg.Descendants().Count(e => (string?)e.Attribute("class") == "model-line"));
    }

    [Fact]
    public void ThroughputVsBandwidthDrawsWhatGotThroughBesideTheLinksCapacityForEachTransportsBytes()
    {
        var chart = Assert.Single(ChartSet.Build(BandwidthSweep()), c => c.Id == "throughput-vs-bandwidth");

        Assert.Equal(["16 B payload", "1,024 B payload"], chart.Panels.Select(p => p.Title));
        var panel = chart.Panels[1];
        Assert.Equal(AxisScale.Log10, panel.XAxis!.Scale);
        var websocket = panel.Lines.Single(l => !l.Model && l.ColorKey == TransportIds.WebSocket);
        Assert.Equal([1.0, 10, 1000], websocket.Points.Select(p => p.X));

        // At 1 Mbit/s, 1,024 B payloads: 125,000 B/s over the payload plus the overhead per event measured server to client.
        var capacity = panel.Lines.Where(l => l.Model).ToDictionary(l => l.ColorKey, l => l.Points[0].Y);
        foreach (var transport in new[] { TransportIds.WebSocket, TransportIds.LongPolling })
        {
            var down = SyntheticRun.Create().Scenarios.First(s => s.Transport == transport && s.PayloadBytes == 1024).OverheadBytesPerEventDown;
            Assert.Equal(125_000.0 / (1_024 + down), capacity[transport], 9);
        }

        Assert.Equal(50, Assert.Single(panel.References).Value);
        XDocument.Parse(new SvgChartRenderer().Render(chart));
    }

    [Fact]
    public void NeitherIsDrawnWhenTheRunDidNotSweepItsSetting()
    {
        var ids = ChartSet.Build(SyntheticRun.Create()).Select(c => c.Id).ToList();

        Assert.DoesNotContain("latency-vs-rtt", ids);
        Assert.DoesNotContain("throughput-vs-bandwidth", ids);
        Assert.DoesNotContain("throughput-vs-bandwidth", ChartSet.Build(RttSweep()).Select(c => c.Id));
    }

    [Fact]
    public void BothAppearInTheReportWhenSwept()
    {
        var html = HtmlReport.Render(RttSweep() with { Scenarios = [.. RttSweep().Scenarios, .. BandwidthSweep().Scenarios.Select(s => s with { RttMs = 0 })] });

        Assert.Contains("data-chart=\"latency-vs-rtt\"", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"throughput-vs-bandwidth\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportJudgesTheCommonClaimsOnTheRunsFigures()
    {
        var html = System.Net.WebUtility.HtmlDecode(HtmlReport.Render(SyntheticRun.Create()));

        Assert.Contains("<h2>Common claims, measured</h2>", html, StringComparison.Ordinal);
        foreach (var finding in Results.Claims.CommonClaims.Evaluate(SyntheticRun.Create()))
        {
            Assert.Contains($"<tr data-verdict=\"{finding.Verdict}\"><td>\u201c{finding.Claim}\u201d</td><td>{finding.Verdict}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BothConvertToPngThroughRsvg()
    {
        using var temp = new TempDirectory();
        var run = RttSweep() with { Scenarios = [.. RttSweep().Scenarios, .. BandwidthSweep().Scenarios.Select(s => s with { RttMs = 0 })] };

        var result = await ChartWriter.WriteAllAsync(run, temp.Path, new ChartOptions { Png = true }, Tools.Rsvg(), CancellationToken.None).WaitAsync(Tools.Timeout);

        Assert.Empty(result.Messages);
        foreach (var id in new[] { "latency-vs-rtt", "throughput-vs-bandwidth" })
        {
            var png = Assert.Single(result.Files, f => Path.GetFileName(f) == id + ".png");
            File.Copy(png, Path.Combine(Tools.ArtifactsDirectory(), Path.GetFileName(png)), overwrite: true);
        }
    }
}
