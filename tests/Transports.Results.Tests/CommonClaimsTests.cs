using Transports.Contract;
using Transports.Results.Claims;

namespace Transports.Results.Tests;

/// <summary>Each claim's verdict follows the run's figures both ways, and a run without the figures says so.</summary>
public sealed class CommonClaimsTests
{
    private static ClaimFinding Find(RunResults run, string claim) => CommonClaims.Evaluate(run).Single(f => f.Claim == claim);

    private static RunResults Run(Func<ScenarioResult, ScenarioResult> change) => SyntheticRuns.Run(change);

    [Fact]
    public void EveryClaimIsJudgedInTheOrderTheIssueGives()
    {
        Assert.Equal(
            [CommonClaims.PollingHeaders, CommonClaims.ShortPollInterval, CommonClaims.LongPollingLoad, CommonClaims.StreamingConnections, CommonClaims.WebSocketFrames],
            CommonClaims.Evaluate(SyntheticRuns.Run()).Select(f => f.Claim));
    }

    [Fact]
    public void PollingsHeadersAreLargeWhenItsOverheadIsTenTimesAStreamsAndNotOtherwise()
    {
        var large = Find(SyntheticRuns.Run(), CommonClaims.PollingHeaders);
        Assert.Equal(ClaimVerdict.Holds, large.Verdict);
        Assert.Equal([SyntheticRuns.NameOf(TransportIds.Polling, 16), SyntheticRuns.NameOf(TransportIds.WebSocket, 16)], large.Scenarios);
        Assert.Contains("polling 310 B of headers per event (775 B per request, 0.4 requests per event) against 6 B for WebSocket, ×52", large.Figure, StringComparison.Ordinal);

        var lean = Find(Run(s => s.Transport == TransportIds.Polling ? s with { OverheadBytesPerEvent = 30 } : s), CommonClaims.PollingHeaders);
        Assert.Equal(ClaimVerdict.DoesNotHold, lean.Verdict);
    }

    [Fact]
    public void AShortIntervalIsNotRealTimeWhenPollingAddsAboutHalfOfItOverTheFloor()
    {
        var slow = Find(SyntheticRuns.Run(), CommonClaims.ShortPollInterval);
        Assert.Equal(ClaimVerdict.Holds, slow.Verdict);
        Assert.Contains("polling every 250 ms: mean latency 137.5 ms against 0.44 ms for the tcp floor", slow.Figure, StringComparison.Ordinal);

        var quick = Find(Run(s => s.Transport == TransportIds.Polling ? s with { LatencyMs = s.LatencyMs with { Mean = 0.5 } } : s), CommonClaims.ShortPollInterval);
        Assert.Equal(ClaimVerdict.DoesNotHold, quick.Verdict);
    }

    [Fact]
    public void LongPollingsLoadIsMeasuredOnlyWithManyClients()
    {
        Assert.Equal(ClaimVerdict.NotMeasured, Find(SyntheticRuns.Run(), CommonClaims.LongPollingLoad).Verdict);

        var many = Run(s => s with { Clients = 25, Name = s.Name.Replace("clients=1", "clients=25", StringComparison.Ordinal) });
        Assert.Equal(ClaimVerdict.Holds, Find(many, CommonClaims.LongPollingLoad).Verdict);

        var alike = Run(s => s with { Clients = 25, Name = s.Name.Replace("clients=1", "clients=25", StringComparison.Ordinal), ServerCpuMsPerEvent = 0.01 });
        var finding = Find(alike, CommonClaims.LongPollingLoad);
        Assert.Equal(ClaimVerdict.DoesNotHold, finding.Verdict);
        Assert.StartsWith("25 clients at 10 events/s: long polling 0.01 ms of server CPU", finding.Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionManagementIsMeasuredOnlyWhenAConnectionWasCut()
    {
        Assert.Equal(ClaimVerdict.NotMeasured, Find(SyntheticRuns.Run(), CommonClaims.StreamingConnections).Verdict);

        var resumed = Run(s => s.Transport == TransportIds.Sse ? s with { Reconnects = 2 } : s);
        Assert.Equal(ClaimVerdict.DoesNotHold, Find(resumed, CommonClaims.StreamingConnections).Verdict);

        var lost = Run(s => s.Transport == TransportIds.Sse ? s with { Reconnects = 2, EventsLost = 3 } : s);
        Assert.Equal(ClaimVerdict.Holds, Find(lost, CommonClaims.StreamingConnections).Verdict);
    }

    [Fact]
    public void WebSocketFramesCostTwoBytesOnlyWhenTheSmallPayloadsMeasureExactlyTwo()
    {
        var exact = Run(s => s.Transport == TransportIds.WebSocket ? s with { OverheadBytesPerEventDown = s.PayloadBytes < 126 ? 2 : 4 } : s);
        var finding = Find(exact, CommonClaims.WebSocketFrames);
        Assert.Equal(ClaimVerdict.Holds, finding.Verdict);
        Assert.StartsWith("server to client: 2 B at 16 B payload, 4 B at 1024 B payload", finding.Figure, StringComparison.Ordinal);

        Assert.Equal(ClaimVerdict.DoesNotHold, Find(SyntheticRuns.Run(), CommonClaims.WebSocketFrames).Verdict);
        Assert.Equal(ClaimVerdict.NotMeasured, Find(Run(s => s with { Status = ScenarioStatus.Failed }), CommonClaims.WebSocketFrames).Verdict);
    }

    [Fact]
    public void SummaryMarkdownCarriesTheClaimsTable()
    {
        var markdown = SummaryMarkdown.Format(SyntheticRuns.Run());

        Assert.Contains("## Common claims, measured", markdown, StringComparison.Ordinal);
        Assert.Contains("| \"WebSocket frames cost 2 bytes\" | doesn't hold |", markdown, StringComparison.Ordinal);
    }
}
