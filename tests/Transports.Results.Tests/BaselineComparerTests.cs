using Transports.Contract;
using Transports.Results.Comparison;

namespace Transports.Results.Tests;

public sealed class BaselineComparerTests
{
    private static readonly string SseSmall = SyntheticRuns.NameOf(TransportIds.Sse, 16);

    [Fact]
    public void IdenticalRunsHaveNoRegression()
    {
        var report = BaselineComparer.Compare(SyntheticRuns.Run(), SyntheticRuns.Run());

        Assert.False(report.HasRegression);
        Assert.Empty(report.NoisyWarnings);
        // A row for every headline metric a scenario measured: none for those no scenario measured, nor for overhead per
        // request where there are no requests.
        Assert.Equal(SyntheticRuns.Run().Scenarios.Sum(s => Metrics.Headline.Count(m => m.Read(s) != MetricValue.Absent)), report.Rows.Count);
        Assert.DoesNotContain(report.Rows, r => SyntheticRuns.Unmeasured.Contains(r.Metric));
        Assert.All(report.Rows, r => Assert.Equal(Verdict.Same, r.Verdict));
    }

    [Fact]
    public void TenMoreOverheadBytesInOneScenarioIsARegressionNamingMetricAndScenario()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { OverheadBytesPerEvent = s.OverheadBytesPerEvent + 10 } : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.True(report.HasRegression);
        var regression = Assert.Single(report.Regressions);
        Assert.Equal(SseSmall, regression.Scenario);
        Assert.Same(Metrics.OverheadBytesPerEvent, regression.Metric);
        Assert.Equal(Verdict.Regressed, regression.Verdict);
        Assert.Equal(12, regression.Baseline);
        Assert.Equal(22, regression.Current);
        Assert.Equal(10, regression.AbsoluteChange);
        Assert.Equal(10.0 / 12, regression.RelativeChange!.Value, 9);
    }

    [Fact]
    public void OnePercentIsWithinTolerance()
    {
        // Polling: 310 → 313.1 B is 1% (3.1 B, above the byte floor but below 1.5%).
        var current = SyntheticRuns.Run(s => s with { OverheadBytesPerEvent = s.OverheadBytesPerEvent * 1.01 });

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.False(report.HasRegression);
        Assert.All(report.Rows.Where(r => r.Metric == Metrics.OverheadBytesPerEvent), r => Assert.Equal(Verdict.Same, r.Verdict));
    }

    [Fact]
    public void LessThanHalfAByteIsWithinToleranceHoweverLargeInPercent()
    {
        // tcp: 4 → 4.4 B is +10% but under the 0.5 B floor; 4 → 4.6 B is not.
        var within = SyntheticRuns.Run(s => s.Transport == TransportIds.Tcp ? s with { OverheadBytesPerEvent = 4.4 } : s);
        var beyond = SyntheticRuns.Run(s => s.Transport == TransportIds.Tcp ? s with { OverheadBytesPerEvent = 4.6 } : s);

        Assert.False(BaselineComparer.Compare(SyntheticRuns.Run(), within).HasRegression);
        Assert.True(BaselineComparer.Compare(SyntheticRuns.Run(), beyond).HasRegression);
    }

    [Fact]
    public void AnyLostEventIsARegression()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { EventsLost = 1 } : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        var regression = Assert.Single(report.Regressions);
        Assert.Same(Metrics.EventsLost, regression.Metric);
    }

    [Fact]
    public void FewerBytesIsAnImprovementNotARegression()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { OverheadBytesPerEvent = 6 } : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.False(report.HasRegression);
        Assert.Equal(Verdict.Improved, report.Rows.Single(r => r.Scenario == SseSmall && r.Metric == Metrics.OverheadBytesPerEvent).Verdict);
    }

    [Fact]
    public void MissingScenarioIsARegression()
    {
        var current = SyntheticRuns.Run();
        current = current with { Scenarios = current.Scenarios.Where(s => s.Name != SseSmall).ToList(), Missing = [SseSmall] };

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        var regression = Assert.Single(report.Regressions);
        Assert.Equal(Verdict.Missing, regression.Verdict);
        Assert.Equal(SseSmall, regression.Scenario);
        Assert.Null(regression.Metric);
    }

    [Fact]
    public void FailedScenarioIsMissing()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { Status = ScenarioStatus.Failed, Error = "timed out" } : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        var regression = Assert.Single(report.Regressions);
        Assert.Equal(Verdict.Missing, regression.Verdict);
        Assert.Contains("timed out", regression.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void NewScenarioIsReportedNotGating()
    {
        var baseline = SyntheticRuns.Run();
        baseline = baseline with { Scenarios = baseline.Scenarios.Where(s => s.Name != SseSmall).ToList() };

        var report = BaselineComparer.Compare(baseline, SyntheticRuns.Run());

        Assert.False(report.HasRegression);
        Assert.Equal(Verdict.New, Assert.Single(report.Rows, r => r.Scenario == SseSmall).Verdict);
    }

    [Fact]
    public void NoisyMetricWorseIsReportedButDoesNotGate()
    {
        // sse twice as slow against an unchanged floor, in every window: beyond the noise floor and significant.
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? SyntheticRuns.ScaleLatency(s, 2) : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.False(report.HasRegression);
        var p50 = Assert.Single(report.NoisyWarnings, r => r.Metric == Metrics.LatencyP50);
        Assert.Equal(SseSmall, p50.Scenario);
        Assert.Equal(Verdict.Regressed, p50.Verdict);
        Assert.False(p50.Gates);
        Assert.Equal(2.5, p50.BaselineRatio!.Value, 9);
        Assert.Equal(5.0, p50.CurrentRatio!.Value, 9);
        Assert.True(p50.PValue < 0.05);
        Assert.Contains(report.NoisyWarnings, r => r.Metric == Metrics.LatencyP99);
    }

    [Fact]
    public void SlowerMachineMovesTheFloorTooSoRatiosHold()
    {
        // Everything, tcp included, three times slower: absolute latency triples, the ratios do not move.
        var current = SyntheticRuns.Run(s => SyntheticRuns.ScaleLatency(s, 3));

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.False(report.HasRegression);
        Assert.All(report.Rows.Where(r => r.Metric?.Kind == MetricKind.Noisy && r.Transport != TransportIds.Tcp && r.Metric != Metrics.ServerCpuMsPerEvent),
            r => Assert.Equal(Verdict.Same, r.Verdict));
    }

    [Fact]
    public void OverlappingWindowsAreNoise()
    {
        // Median +20% against the same floor, but the windows overlap: the test does not call it a shift.
        var current = SyntheticRuns.Run(s => s.Name == SseSmall
            ? s with { LatencyMs = s.LatencyMs with { P50 = 1.2 }, WindowLatencyP50Ms = [0.7, 1.3, 1.2, 0.9, 1.25] }
            : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        var p50 = report.Rows.Single(r => r.Scenario == SseSmall && r.Metric == Metrics.LatencyP50);
        Assert.Equal(Verdict.Noise, p50.Verdict);
        Assert.True(p50.PValue >= 0.05);
        Assert.DoesNotContain(p50, report.NoisyWarnings);
    }

    [Fact]
    public void SmallAbsoluteMoveIsBelowTheNoiseFloor()
    {
        // tcp p50 0.4 → 0.44 ms: +10.0...% but only 0.04 ms, under the 0.05 ms floor.
        var current = SyntheticRuns.Run(s => s.Transport == TransportIds.Tcp ? SyntheticRuns.ScaleLatency(s, 1.11) : s);

        var report = BaselineComparer.Compare(SyntheticRuns.Run(), current);

        Assert.Equal(Verdict.Same, report.Rows.First(r => r.Transport == TransportIds.Tcp && r.Metric == Metrics.LatencyP50).Verdict);
    }

    [Fact]
    public void MarkdownHasTheVerdictTableWithRegressionsFirst()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { OverheadBytesPerEvent = 22 } : s);

        var markdown = BaselineComparer.Compare(SyntheticRuns.Run(), current).ToMarkdown();

        Assert.StartsWith("### Regression check failed: 1 regression(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Metric | Scenario | Baseline | Current | Change | Verdict |", markdown, StringComparison.Ordinal);
        var regressed = $"| Header overhead per event (B/event) | {SseSmall} | 12 | 22 | +10 (+83.3%) | **Regressed** |";
        Assert.Contains(regressed, markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf(regressed, StringComparison.Ordinal) < markdown.IndexOf("<details>", StringComparison.Ordinal));
        Assert.Contains("row(s) within limits</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("`abc1234`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownOfACleanRunSaysItPassed()
    {
        var markdown = BaselineComparer.Compare(SyntheticRuns.Run(), SyntheticRuns.Run()).ToMarkdown();

        Assert.StartsWith("### Regression check passed", markdown, StringComparison.Ordinal);
        Assert.Contains("comparisons are within limits.", markdown, StringComparison.Ordinal);
        Assert.Contains("<details>", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownMarksNoisyWarningsAsReportedOnly()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? SyntheticRuns.ScaleLatency(s, 2) : s);

        var markdown = BaselineComparer.Compare(SyntheticRuns.Run(), current).ToMarkdown();

        Assert.StartsWith("### Regression check passed", markdown, StringComparison.Ordinal);
        Assert.Contains($"| Latency p50 (ms) | {SseSmall} | 1 (×2.50) | 2 (×5.00) | +100.0% vs tcp, p = ", markdown, StringComparison.Ordinal);
        Assert.Contains("Regressed (noisy, reported only)", markdown, StringComparison.Ordinal);
    }
}

public sealed class BaselineComparerMetricKindTests
{
    private static readonly string SseSmall = SyntheticRuns.NameOf(TransportIds.Sse, 16);

    // Stands for negotiatedTransport: a text a library reports; sse "chooses" by its payload here.
    private static readonly Metric Chosen = new()
    {
        Name = "chosen",
        Title = "Chosen transport",
        Unit = "transport",
        Read = r => r.Transport == TransportIds.Sse ? (r.SetupBytes > 400 ? "longpolling" : "eventsource") : MetricValue.Absent,
    };

    // Stands for maxEventsPerSecond: higher is better.
    private static readonly Metric Throughput = new()
    {
        Name = "throughput",
        Title = "Events delivered",
        Unit = "events",
        HigherIsBetter = true,
        Read = r => r.EventsDelivered,
    };

    private static ComparisonReport Compare(RunResults baseline, RunResults current, params Metric[] metrics) =>
        BaselineComparer.Compare(baseline, current, new ComparisonOptions { Metrics = metrics });

    [Fact]
    public void AChangedTextGatesAndSaysWhatItWas()
    {
        var current = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { SetupBytes = 500 } : s);

        var report = Compare(SyntheticRuns.Run(), current, Chosen);

        var changed = Assert.Single(report.Regressions);
        Assert.Equal(Verdict.Changed, changed.Verdict);
        Assert.Equal("eventsource", changed.BaselineText);
        Assert.Equal("longpolling", changed.CurrentText);
        Assert.Contains("was eventsource", changed.VerdictText, StringComparison.Ordinal);
        Assert.False(Compare(SyntheticRuns.Run(), SyntheticRuns.Run(), Chosen).HasRegression);
    }

    [Fact]
    public void AFigureNoLongerMeasuredIsMissingAndOneMeasuredOnlyNowIsNew()
    {
        // Only sse has the text: the other transports give no row at all.
        var report = Compare(SyntheticRuns.Run(), SyntheticRuns.Run(), Chosen);
        Assert.All(report.Rows, r => Assert.Equal(TransportIds.Sse, r.Transport));

        // Measured in neither run: no row either.
        Assert.Empty(Compare(SyntheticRuns.Run(), SyntheticRuns.Run(), Metrics.UpstreamLatencyP50).Rows);

        var measuredBefore = SyntheticRuns.Run(s => s with { UpstreamLatencyMs = new LatencySummary { P50 = 1 } });
        var measuredNow = SyntheticRuns.Run(s => s.Name == SseSmall ? s : s with { UpstreamLatencyMs = new LatencySummary { P50 = 1 } });
        var missing = Compare(measuredBefore, measuredNow, Metrics.UpstreamLatencyP50);
        var row = Assert.Single(missing.Rows, r => r.Scenario == SseSmall);
        Assert.Equal(Verdict.Missing, row.Verdict);
        Assert.Equal("n/a", row.CurrentText);

        var added = Compare(measuredNow, measuredBefore, Metrics.UpstreamLatencyP50);
        Assert.Equal(Verdict.New, Assert.Single(added.Rows, r => r.Scenario == SseSmall).Verdict);
        Assert.False(added.HasRegression);
    }

    [Fact]
    public void AHigherIsBetterMetricRegressesWhenItFalls()
    {
        var fewer = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { EventsDelivered = 40 } : s);
        var more = SyntheticRuns.Run(s => s.Name == SseSmall ? s with { EventsDelivered = 60 } : s);

        Assert.Equal(Verdict.Regressed, Assert.Single(Compare(SyntheticRuns.Run(), fewer, Throughput).Regressions).Verdict);
        var improved = Compare(SyntheticRuns.Run(), more, Throughput);
        Assert.False(improved.HasRegression);
        Assert.Equal(Verdict.Improved, improved.Rows.Single(r => r.Scenario == SseSmall).Verdict);
    }

    [Fact]
    public void TheMarkdownListsEachComparedMetricsTolerance()
    {
        var markdown = BaselineComparer.Compare(SyntheticRuns.Run(), SyntheticRuns.Run()).ToMarkdown();

        Assert.Contains("<summary>Tolerances</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("| Header overhead per event (B/event) | gates | 1.5% and 0.5 B/event; polling 10% and 0.5 B/event |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Events lost (events) | gates | none |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Latency p50 (ms) | noise floor, reported only | 10% and 0.05 ms |", markdown, StringComparison.Ordinal);
    }
}
