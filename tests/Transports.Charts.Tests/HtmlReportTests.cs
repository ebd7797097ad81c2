using System.Net;
using System.Text.RegularExpressions;
using Transports.Contract;
using Transports.Results;

namespace Transports.Charts.Tests;

public sealed partial class HtmlReportTests
{
    private static readonly string Html = HtmlReport.Render(SyntheticRun.Create());

    [Fact]
    public void EveryChartIsInlineInAMarkedFigure()
    {
        foreach (var chart in ChartSet.Build(SyntheticRun.Create()))
        {
            Assert.Matches($"<figure class=\"chart\" data-chart=\"{chart.Id}\" [^>]*>\\s*<svg ", Html);
        }

        Assert.Equal(8, Regex.Count(Html, "<figure class=\"chart\""));
    }

    [Fact]
    public void LoadsNothingFromOutside()
    {
        Assert.DoesNotMatch(SourceAttribute(), Html);
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", Html, StringComparison.OrdinalIgnoreCase);

        // The only URL allowed is the SVG namespace name, which is never fetched.
        Assert.DoesNotContain(Regex.Matches(Html, "https?://[^\"]+").Select(m => m.Value), u => u != "http://www.w3.org/2000/svg");
    }

    [Fact]
    public void HasATablePerMetricWithTransportsAsRowsAndSettingsAsColumns()
    {
        // The synthetic run sends nothing upstream, reads no server memory, drops nothing, has no Node bridge and no negotiating client.
        foreach (var metric in Metrics.Headline.Except([Metrics.UpstreamLatencyP50, Metrics.ServerMemoryBytesPerConnection, Metrics.AfterDropLatencyP99, Metrics.BridgeHopP50, Metrics.NegotiatedTransport]))
        {
            Assert.Contains($"data-metric=\"{metric.Name}\"", Html, StringComparison.Ordinal);
        }

        var overhead = Regex.Match(Html, "<table class=\"metric\" data-metric=\"overheadBytesPerEvent\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        overhead = WebUtility.HtmlDecode(overhead);
        Assert.Contains("<th>16 B payload, 10 clients</th>", overhead, StringComparison.Ordinal);
        Assert.Contains("<th>1,024 B payload, 100 clients</th>", overhead, StringComparison.Ordinal);
        Assert.Equal(1 + TransportIds.All.Count, Regex.Count(overhead, "<tr>"));
        Assert.Contains("<tr><td>polling</td><td>1320</td>", overhead, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsSettingsEnvironmentAndFailures()
    {
        var run = SyntheticRun.Create();
        run = run with { Missing = ["sse/payload=16/rate=1/clients=1000/poll=250ms/up=0"] };
        run.Scenarios[0] = run.Scenarios[0] with { Status = "failed", Error = "connection <refused>" };
        var html = HtmlReport.Render(run);
        Assert.Contains("Synthetic CPU @ 3.0 GHz", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Poll interval (ms)</th><td>250</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Payload size (B)</th><td>16, 1024</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("connection &lt;refused&gt;", html, StringComparison.Ordinal);
        Assert.Contains("clients=1000", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsyncWritesReportHtml()
    {
        using var temp = new TempDirectory();
        var path = await HtmlReport.WriteAsync(SyntheticRun.Create(), temp.Path).WaitAsync(Tools.Timeout);
        Assert.Equal(Path.Combine(temp.Path, "report.html"), path);
        Assert.Equal(Html, await File.ReadAllTextAsync(path).WaitAsync(Tools.Timeout));
    }

    [GeneratedRegex("(src|href)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SourceAttribute();
}
