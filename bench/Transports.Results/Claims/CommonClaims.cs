using System.Globalization;
using Transports.Contract;

namespace Transports.Results.Claims;

/// <summary>
/// "Common claims, measured": what study notes and blog posts repeat about these transports, each judged on this run's
/// own figures (the scenarios named beside it), or marked not measured when the run has none that test it. The rules
/// are here, in one place; summary.md and report.html print what they find.
/// </summary>
public static class CommonClaims
{
    public const string PollingHeaders = "polling's headers are needlessly large";
    public const string ShortPollInterval = "a short poll interval looks real-time but isn't";
    public const string LongPollingLoad = "long polling loads the server when many clients are active";
    public const string StreamingConnections = "streaming makes connection management a burden";
    public const string WebSocketFrames = "WebSocket frames cost 2 bytes";

    /// <summary>How many times a stream's overhead per event polling's must be for its headers to count as large.</summary>
    public const double LargeHeaderRatio = 10;

    /// <summary>Clients from which "many clients are active" is tested.</summary>
    public const int ManyClients = 10;

    /// <summary>How much more server CPU per event long polling must take than a stream to count as loading the server.</summary>
    public const double LoadRatio = 1.5;

    public static IReadOnlyList<ClaimFinding> Evaluate(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ok = run.Scenarios.Where(ScenarioStatus.IsOk).ToList();
        return [Headers(ok), Interval(ok), Load(ok), Connections(ok), Frames(ok)];
    }

    /// <summary>Polling's overhead per event beside WebSocket's (or the floor's) under the same settings, at the smallest payload.</summary>
    private static ClaimFinding Headers(List<ScenarioResult> ok)
    {
        foreach (var polling in Of(ok, TransportIds.Polling).OrderBy(s => s.PayloadBytes).ThenByDescending(s => s.Clients))
        {
            if ((Peer(ok, polling, TransportIds.WebSocket) ?? Peer(ok, polling, TransportIds.Floor)) is { } stream && stream.OverheadBytesPerEvent > 0)
            {
                var ratio = polling.OverheadBytesPerEvent / stream.OverheadBytesPerEvent;
                var perRequest = polling.RequestsPerEvent > 0 ? polling.OverheadBytesPerEvent / polling.RequestsPerEvent : 0;
                var figure = Text($"polling {polling.OverheadBytesPerEvent:0.#} B of headers per event ({perRequest:0} B per request, {polling.RequestsPerEvent:0.##} requests per event) against {stream.OverheadBytesPerEvent:0.#} B for {Name(stream)}, ×{ratio:0}, for a {polling.PayloadBytes} B payload (Lubbers & Greco counted 871 B per request in 2010: smaller here, but every poll pays them, event or not)");
                return new(PollingHeaders, ratio >= LargeHeaderRatio ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold, figure, [polling.Name, stream.Name]);
            }
        }

        return NotMeasured(PollingHeaders, "needs polling and WebSocket (or the tcp floor) under the same settings");
    }

    /// <summary>Polling at the shortest interval of the run: its mean latency beside the floor's, and the requests it spends.</summary>
    private static ClaimFinding Interval(List<ScenarioResult> ok)
    {
        foreach (var polling in Of(ok, TransportIds.Polling).OrderBy(s => s.PollIntervalMs).ThenBy(s => s.RttMs).ThenBy(s => s.PayloadBytes))
        {
            if (Peer(ok, polling, TransportIds.Floor) is { } floor)
            {
                var added = polling.LatencyMs.Mean - floor.LatencyMs.Mean;
                var holds = polling.LatencyMs.Mean >= 2 * floor.LatencyMs.Mean && added >= polling.PollIntervalMs / 4;
                var figure = Text($"polling every {polling.PollIntervalMs:0.###} ms: mean latency {polling.LatencyMs.Mean:0.#} ms against {floor.LatencyMs.Mean:0.##} ms for the tcp floor (+{added:0.#} ms, about half the interval, on top of any network), max {polling.LatencyMs.Max:0} ms, at {polling.RequestsPerEvent:0.##} requests per event");
                return new(ShortPollInterval, holds ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold, figure, [polling.Name, floor.Name]);
            }
        }

        return NotMeasured(ShortPollInterval, "needs polling and the tcp floor under the same settings");
    }

    /// <summary>Long polling's server CPU and requests per event beside a stream's, at the most clients of the run.</summary>
    private static ClaimFinding Load(List<ScenarioResult> ok)
    {
        foreach (var longPolling in Of(ok, TransportIds.LongPolling).Where(s => s.Clients >= ManyClients).OrderByDescending(s => s.Clients).ThenByDescending(s => s.RateHz))
        {
            if ((Peer(ok, longPolling, TransportIds.WebSocket) ?? Peer(ok, longPolling, TransportIds.Sse)) is { } stream && stream.ServerCpuMsPerEvent > 0)
            {
                var ratio = longPolling.ServerCpuMsPerEvent / stream.ServerCpuMsPerEvent;
                var requests = longPolling.EventsDelivered > 0 ? (double)longPolling.ServerHttpRequests / longPolling.EventsDelivered : 0;
                var figure = Text($"{longPolling.Clients} clients at {longPolling.RateHz:0.##} events/s: long polling {longPolling.ServerCpuMsPerEvent:0.####} ms of server CPU and {requests:0.##} requests per event delivered, {Name(stream)} {stream.ServerCpuMsPerEvent:0.####} ms and none (×{ratio:0.#})");
                return new(LongPollingLoad, ratio >= LoadRatio ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold, figure, [longPolling.Name, stream.Name]);
            }
        }

        return NotMeasured(LongPollingLoad, Text($"needs long polling and a stream at {ManyClients} clients or more (e.g. --clients 25)"));
    }

    /// <summary>
    /// The streams' reconnects, errors and losses. Without any connection lost in the run (no drops, no proxy cutting
    /// idle connections) the burden is never exercised: that is not measured, whatever the streams' clean record.
    /// </summary>
    private static ClaimFinding Connections(List<ScenarioResult> ok)
    {
        var streams = ok.Where(s => TransportIds.Find(s.Transport) is { Family: TransportFamily.Stream, IsFloor: false }).ToList();
        if (streams.Count == 0)
        {
            return NotMeasured(StreamingConnections, "needs SSE or WebSocket in the run");
        }

        var reconnects = streams.Sum(s => s.Reconnects);
        var lost = streams.Sum(s => s.EventsLost);
        var errors = streams.Sum(s => s.Errors);
        var record = Text($"SSE and WebSocket: {reconnects} reconnects, {errors} errors, {lost} events lost over {streams.Count} scenarios, one connection held per client");
        if (ok.All(s => s.Reconnects == 0))
        {
            return new(StreamingConnections, ClaimVerdict.NotMeasured, record + "; no connection was cut in this run (a proxy that cuts idle connections or a drop would test it)", [.. streams.Select(s => s.Name)]);
        }

        var burdened = streams.Where(s => s.Reconnects > 0).ToList();
        return new(StreamingConnections, lost + errors > 0 ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold,
            record + (lost + errors > 0 ? "" : ": each resumed from its cursor"), [.. burdened.Select(s => s.Name)]);
    }

    /// <summary>WebSocket's server-to-client overhead per event at each payload of the run (RFC 6455: 2 B below 126 B of payload).</summary>
    private static ClaimFinding Frames(List<ScenarioResult> ok)
    {
        var websocket = Of(ok, TransportIds.WebSocket).GroupBy(s => s.PayloadBytes).OrderBy(g => g.Key).Select(g => g.First()).ToList();
        if (websocket.Count == 0)
        {
            return NotMeasured(WebSocketFrames, "needs WebSocket in the run");
        }

        var figure = Text($"server to client: {string.Join(", ", websocket.Select(s => Text($"{s.OverheadBytesPerEventDown:0.##} B at {s.PayloadBytes} B payload")))}");
        if (websocket.FirstOrDefault(s => s.UpstreamSent > 0 && s.EventsDelivered > 0) is { } upstream)
        {
            figure += Text($"; client to server {(double)((upstream.ClientBytesSent ?? upstream.ServerBytesIn) - upstream.PayloadBytesSent) / upstream.UpstreamSent:0.##} B per message (masked)");
        }

        var small = websocket.Where(s => s.PayloadBytes < 126).ToList();
        var verdict = small.Count > 0 && small.All(s => s.OverheadBytesPerEventDown == 2) ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold;
        return new(WebSocketFrames, verdict, figure + " (2 B below 126 B of payload, 4 B to 64 KiB, 10 B above; 4 B more for a client's mask)", [.. websocket.Select(s => s.Name)]);
    }

    private static IEnumerable<ScenarioResult> Of(List<ScenarioResult> ok, string transport) =>
        ok.Where(s => string.Equals(s.Transport, transport, StringComparison.Ordinal));

    /// <summary>The scenario of <paramref name="transport"/> under exactly the settings of <paramref name="scenario"/>.</summary>
    private static ScenarioResult? Peer(List<ScenarioResult> ok, ScenarioResult scenario, string transport)
    {
        var settings = scenario.Name[scenario.Name.IndexOf('/', StringComparison.Ordinal)..];
        return ok.FirstOrDefault(s => string.Equals(s.Name, transport + settings, StringComparison.Ordinal));
    }

    private static string Name(ScenarioResult scenario) => TransportIds.Find(scenario.Transport)?.DisplayName ?? scenario.Transport;

    private static ClaimFinding NotMeasured(string claim, string what) => new(claim, ClaimVerdict.NotMeasured, what, []);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
