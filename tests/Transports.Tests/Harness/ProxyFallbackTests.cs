using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Network;
using Transports.Results;

namespace Transports.Tests.Harness;

/// <summary>
/// Clients behind `--proxy` on loopback, through the harness: what a library-style client negotiates when an
/// intermediary refuses WebSocket upgrades or buffers streamed responses, with every event still delivered.
/// </summary>
public sealed class ProxyFallbackTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    private static Func<Scenario, Scenario> Behind(string proxy) => s => s with { Proxy = proxy };

    [Fact]
    public async Task Bare_websocket_cannot_connect_through_a_proxy_that_refuses_upgrades()
    {
        // The check the fallback tests stand on: the proxy really refuses (and only the upgrade: sse gets through).
        await Assert.ThrowsAnyAsync<Exception>(() => harness.RunAsync(TransportIds.WebSocket, change: Behind(ProxyMode.NoUpgradeName)));

        var sse = await harness.RunAsync(TransportIds.Sse, change: Behind(ProxyMode.NoUpgradeName));
        AssertNothingLost(sse);
    }

    [Fact]
    public async Task Fallback_moves_to_sse_when_upgrades_are_refused_and_its_setup_counts_the_refused_attempt()
    {
        var open = await harness.RunAsync(TransportIds.Fallback);
        var refused = await harness.RunAsync(TransportIds.Fallback, change: Behind(ProxyMode.NoUpgradeName));
        var sse = await harness.RunAsync(TransportIds.Sse);

        Assert.Equal(TransportIds.WebSocket, open.NegotiatedTransport);
        Assert.Equal(TransportIds.Sse, refused.NegotiatedTransport);
        AssertNothingLost(open);
        AssertNothingLost(refused);
        // The refused upgrade: its request went out, the proxy's 403 came back; the rest is sse's own setup (whose
        // X-Cursor may differ by a digit or two between the runs).
        var attempt = refused.SetupBytes - sse.SetupBytes;
        Assert.InRange(attempt, HttpProxyStage.RefusalResponse.Length + "GET /ws HTTP/1.1\r\n".Length, 1024);
        Assert.NotNull(refused.TimeToFirstEventMs);
    }

    [Fact]
    public async Task SignalR_auto_moves_to_server_sent_events_when_upgrades_are_refused()
    {
        var result = await harness.RunAsync(TransportIds.SignalR, change: Behind(ProxyMode.NoUpgradeName));

        Assert.Equal(SignalRTransportNames.ServerSentEvents, result.NegotiatedTransport);
        AssertNothingLost(result);
    }

    [Fact]
    public async Task Fallback_leaves_a_buffered_sse_stream_for_long_polling_when_upgrades_are_refused_too()
    {
        var result = await harness.RunAsync(TransportIds.Fallback, rateHz: 20, seconds: 0.6, change: Behind($"{ProxyMode.NoUpgradeName}+{ProxyMode.BufferingName}"));

        Assert.Equal(TransportIds.LongPolling, result.NegotiatedTransport);
        AssertNothingLost(result);
    }

    private static void AssertNothingLost(ScenarioResult result)
    {
        Assert.True(result.EventsDelivered > 0, result.Name);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.Equal(0, result.EventsLost);
    }
}
