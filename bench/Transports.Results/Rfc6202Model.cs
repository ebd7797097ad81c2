using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// RFC 6202's latency reasoning (§2.2 long polling, §3 streaming; polling by the same argument) as numbers for one
/// scenario, with T = one transit (half the RTT, plus serializing the event's bytes on a bandwidth-limited link):
/// <list type="bullet">
/// <item>streaming (SSE, WebSocket, TCP): every event takes one transit, T.</item>
/// <item>polling every I: an event waits for the next poll to reach the server, evenly anywhere in I, then travels
/// back: uniform on [T, T + I], mean I/2 + T (I is at least the round trip: a poll cannot start before the last one
/// returned).</item>
/// <item>long polling: after each response the server has no request for 2T (the response travels back, the next
/// request comes out). An event that arrives then waits for that request: 3T − its arrival, uniform on [T, 3T]; any
/// other finds a request waiting and takes T. With Poisson arrivals at rate λ, a fraction e^(−2λT) / (2λT + e^(−2λT))
/// of events take T: about all of them at sparse events (mean ≈ T), few at dense ones (mean → 2T, max → 3T). With
/// fixed arrivals every event finds a request waiting while 1/λ ≥ 2T, and events fall evenly over the gap otherwise.</item>
/// </list>
/// It is the expectation over arrival and poll phases on an unloaded path: no jitter, no processing time, no queueing.
/// The console's comparison, the latency-vs-rtt chart's reference lines and the tests all read it from here.
/// </summary>
public static class Rfc6202Model
{
    /// <summary>The latency distribution the model gives the scenario; null where it has none (a transport it does not know).</summary>
    public static LatencyModel? For(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var transit = TransitMs(scenario);
        return KindOf(scenario.Transport) switch
        {
            ModelKind.Stream => LatencyModel.Exactly(transit),
            ModelKind.Polling => LatencyModel.Between(transit, transit + Math.Max(scenario.PollIntervalMs, 2 * transit)),
            ModelKind.LongPolling => new LatencyModel(transit, ShareFindingARequest(scenario, transit), transit, 3 * transit),
            _ => null,
        };
    }

    /// <summary>
    /// The figures RFC 6202 names for the scenario's transport, model beside measurement: streaming's p50 (one transit),
    /// polling's mean (I/2 + one transit), long polling's mean (about one transit at sparse events) and, once events are
    /// dense enough to land in the gap after a response (2λT ≥ ½), its max (three transits).
    /// </summary>
    public static IReadOnlyList<ModelCheck> Checks(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (For(scenario) is not { } model)
        {
            return [];
        }

        var measured = scenario.LatencyMs;
        return KindOf(scenario.Transport) switch
        {
            ModelKind.Stream => [new ModelCheck("p50", "one transit", model.Quantile(0.5), measured.P50)],
            ModelKind.Polling => [new ModelCheck("mean", "interval/2 + one transit", model.Mean, measured.Mean)],
            ModelKind.LongPolling when 2 * scenario.RateHz * model.PointMs / 1000 >= 0.5 =>
            [
                new ModelCheck("mean", "one to two transits", model.Mean, measured.Mean),
                new ModelCheck("max", "three transits", model.Max, measured.Max),
            ],
            ModelKind.LongPolling => [new ModelCheck("mean", "about one transit", model.Mean, measured.Mean)],
            _ => [],
        };
    }

    /// <summary>
    /// One transit: half the RTT, plus the event's bytes (payload and the measured overhead per event, server to
    /// client) serialized at the bandwidth where there is a limit.
    /// </summary>
    public static double TransitMs(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var serialization = scenario.BandwidthBitsPerSecond > 0
            ? (scenario.PayloadBytes + Math.Max(0, scenario.OverheadBytesPerEventDown)) * 8 * 1000 / scenario.BandwidthBitsPerSecond
            : 0;
        return (scenario.RttMs / 2) + serialization;
    }

    /// <summary>Whether the model covers <paramref name="transport"/> (a library is modelled as the transport it rides on).</summary>
    public static bool Covers(string transport) => KindOf(transport) is not null;

    /// <summary>Long polling: the share of events that find a request waiting at the server (the rest wait for one).</summary>
    private static double ShareFindingARequest(ScenarioResult scenario, double transitMs)
    {
        var gap = 2 * transitMs / 1000;
        if (scenario.RateHz <= 0 || gap <= 0)
        {
            return 1;
        }

        if (string.Equals(scenario.Arrivals, Arrival.Poisson, StringComparison.Ordinal))
        {
            var x = scenario.RateHz * gap;
            return Math.Exp(-x) / (x + Math.Exp(-x));
        }

        return 1 / scenario.RateHz >= gap ? 1 : 0;
    }

    private static ModelKind? KindOf(string transport)
    {
        for (var descriptor = TransportIds.Find(transport); descriptor is not null; descriptor = TransportIds.Find(descriptor.RidesOn))
        {
            if (descriptor.Id == TransportIds.Polling)
            {
                return ModelKind.Polling;
            }

            if (descriptor.Id == TransportIds.LongPolling)
            {
                return ModelKind.LongPolling;
            }

            if (descriptor.RidesOn is null)
            {
                return descriptor.Family == TransportFamily.Stream ? ModelKind.Stream : null;
            }
        }

        return null;
    }

    private enum ModelKind
    {
        Stream,
        Polling,
        LongPolling,
    }
}
