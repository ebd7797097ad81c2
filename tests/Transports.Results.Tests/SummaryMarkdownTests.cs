using System.Text.RegularExpressions;
using Transports.Contract;

namespace Transports.Results.Tests;

public sealed partial class SummaryMarkdownTests
{
    /// <summary>The synthetic run sends nothing upstream, reads no memory and drops nothing: those metrics are absent everywhere.</summary>
    private static readonly Metric[] Measured = [.. Metrics.Headline.Except(SyntheticRuns.Unmeasured)];

    [Fact]
    public void OneTablePerMeasuredHeadlineMetricWithItsHeading()
    {
        var markdown = SummaryMarkdown.Format(SyntheticRuns.Run());

        // Then the claims, last.
        var headings = HeadingPattern().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([.. Measured.Select(m => $"{m.Title} ({m.Unit})"), "Common claims, measured"], headings);
        Assert.Equal(Measured.Length, TableHeaderPattern().Count(markdown));
    }

    [Fact]
    public void AMetricSomeScenariosDoNotMeasureReadsNotApplicableNotZero()
    {
        var run = SyntheticRuns.Run(s => s.Transport == TransportIds.WebSocket
            ? s with { UpstreamLatencyMs = new LatencySummary { Count = 10, P50 = 0.7 } }
            : s);

        var table = Assert.Single(SummaryTables.Build(run), t => t.Metric == Metrics.UpstreamLatencyP50);

        Assert.Equal(["0.7", "0.7"], table.Rows.Single(r => r.Transport == TransportIds.WebSocket).Cells.Select(c => c.Text));
        var sse = table.Rows.Single(r => r.Transport == TransportIds.Sse).Cells;
        Assert.All(sse, c => Assert.Equal(MetricValue.AbsentText, c.Text));
        Assert.All(sse, c => Assert.Null(c.Value));
        Assert.Contains("## Upstream latency p50 (ms)", SummaryMarkdown.Format(run), StringComparison.Ordinal);
    }

    [Fact]
    public void ATextMetricIsShownAsItIs()
    {
        // Stands for negotiatedTransport (a library's choice): any metric that reads text.
        var chosen = new Metric { Name = "chosen", Title = "Chosen transport", Read = r => r.Transport == TransportIds.Sse ? "eventsource" : MetricValue.Absent };

        var table = SummaryTables.Build(SyntheticRuns.Run(), chosen);

        Assert.Equal(["eventsource", "eventsource"], table.Rows.Single(r => r.Transport == TransportIds.Sse).Cells.Select(c => c.Text));
        Assert.Equal(MetricValue.AbsentText, table.Rows.Single(r => r.Transport == TransportIds.Tcp).Cells[0].Text);
        Assert.Equal("Chosen transport", table.Heading);
    }

    [Fact]
    public void TransportsAreRowsInFixedOrderWhateverTheRunOrder()
    {
        // Every transport, in an order that is not the report's: reversed, the floor first.
        var shuffled = TransportIds.Ids.Reverse();
        var run = SyntheticRuns.Run(transportOrder: shuffled);

        var tables = SummaryTables.Build(run);
        Assert.Equal(Measured.Length, tables.Count);
        Assert.All(tables, t => Assert.Equal(TransportIds.Ids, t.Rows.Select(r => r.Transport)));

        var markdown = SummaryMarkdown.Format(run);
        var firstTable = markdown[markdown.IndexOf("| Transport", StringComparison.Ordinal)..];
        var rowTransports = firstTable.Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')).Select(l => l.Split('|')[1].Trim());
        Assert.Equal(TransportIds.Ids, rowTransports);
    }

    [Fact]
    public void ColumnsNameOnlyTheSettingsThatVary()
    {
        var table = SummaryTables.Build(SyntheticRuns.Run(), Metrics.OverheadBytesPerEvent);

        Assert.Equal(["16 B payload", "1,024 B payload"], table.Columns);
        Assert.Equal("Header overhead per event (B/event)", table.Heading);
        var sse = Assert.Single(table.Rows, r => r.Transport == TransportIds.Sse);
        Assert.Equal([12.0, 12.0], sse.Cells.Select(c => c.Value));
        Assert.Contains("| Transport | 16 B payload | 1,024 B payload |", SummaryMarkdown.Format(SyntheticRuns.Run()), StringComparison.Ordinal);
    }

    [Fact]
    public void WhenNothingVariesTheColumnNamesEverySettingAwayFromItsDefault()
    {
        var run = SyntheticRuns.Run();
        run = run with { Scenarios = run.Scenarios.Where(s => s.PayloadBytes == 16).ToList() };

        Assert.Equal(["16 B payload, 10 events/s, 1 client, poll 250 ms"], SummaryTables.Build(run, Metrics.LatencyP50).Columns);

        run = run with { Scenarios = [.. run.Scenarios.Select(s => s with { UpstreamRateHz = 2, Arrivals = Arrival.Poisson })] };
        Assert.Equal(["16 B payload, 10 events/s, 1 client, poll 250 ms, upstream 2/s, poisson arrivals"], SummaryTables.Build(run, Metrics.LatencyP50).Columns);
    }

    [Fact]
    public void NoisyMetricsCarryTheRatioToTheFloor()
    {
        var table = SummaryTables.Build(SyntheticRuns.Run(), Metrics.LatencyP50);

        var sse = Assert.Single(table.Rows, r => r.Transport == TransportIds.Sse).Cells[0];
        var tcp = Assert.Single(table.Rows, r => r.Transport == TransportIds.Tcp).Cells[0];
        Assert.Equal(2.5, sse.RatioToFloor!.Value, 9);
        Assert.Equal("1 (×2.5)", sse.TextWithRatio);
        Assert.Null(tcp.RatioToFloor);
        Assert.Null(SummaryTables.Build(SyntheticRuns.Run(), Metrics.SetupBytes).Rows[0].Cells[0].RatioToFloor);
    }

    [Fact]
    public void MissingAndFailedScenariosAreListedAndMarked()
    {
        var run = SyntheticRuns.Run(s => s.Transport == TransportIds.WebSocket && s.PayloadBytes == 1024
            ? s with { Status = ScenarioStatus.Failed, Error = "handshake | refused" }
            : s);
        run = run with
        {
            Scenarios = run.Scenarios.Where(s => s.Name != SyntheticRuns.NameOf(TransportIds.Sse, 1024)).ToList(),
            Missing = [SyntheticRuns.NameOf(TransportIds.Sse, 1024)],
        };

        var markdown = SummaryMarkdown.Format(run);

        Assert.Contains("**Missing or failed (2):**", markdown, StringComparison.Ordinal);
        Assert.Contains("sse/payload=1024/rate=10/clients=1/poll=250ms/up=0 (missing)", markdown, StringComparison.Ordinal);
        Assert.Contains("handshake \\| refused", markdown, StringComparison.Ordinal);
        var table = SummaryTables.Build(run, Metrics.OverheadBytesPerEvent);
        Assert.Equal(SummaryCell.NotRun, table.Rows.Single(r => r.Transport == TransportIds.Sse).Cells[1].Text);
        Assert.Equal(SummaryCell.Failed, table.Rows.Single(r => r.Transport == TransportIds.WebSocket).Cells[1].Text);
    }

    [Fact]
    public void HeaderNamesTheSettingsAndTheMachine()
    {
        var markdown = SummaryMarkdown.Format(SyntheticRuns.Run());

        Assert.StartsWith("# Transports benchmark\n", markdown, StringComparison.Ordinal);
        Assert.Contains("profile `ci`", markdown, StringComparison.Ordinal);
        Assert.Contains("Test CPU @ 3.0GHz, 8 logical cores", markdown, StringComparison.Ordinal);
        Assert.Contains("`abc1234`", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Missing or failed", markdown, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^## (.+)$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\| Transport \|", RegexOptions.Multiline)]
    private static partial Regex TableHeaderPattern();
}
