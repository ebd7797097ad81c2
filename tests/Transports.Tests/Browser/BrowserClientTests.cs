using Transports.Bench.Browser;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;
using Transports.Tests.Harness;

namespace Transports.Tests.Browser;

/// <summary>One Chromium and a real Kestrel server on loopback for the harness's browser clients.</summary>
public sealed class BrowserHarnessFixture : IAsyncLifetime
{
    private readonly HarnessFixture _harness = new();
    private readonly BrowserClients _browsers = new();

    public ScenarioRunner Runner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _harness.InitializeAsync();
        Runner = new ScenarioRunner(ServerTarget.From(_harness.Server), _harness.Control, browsers: _browsers);
    }

    public async Task DisposeAsync()
    {
        await _browsers.DisposeAsync();
        await _harness.DisposeAsync();
    }

    public Task<ScenarioResult> RunAsync(string transport, int payloadBytes = 16, int clients = 2) =>
        Runner.RunAsync(
            new Scenario(transport, payloadBytes, 20, clients, TimeSpan.FromMilliseconds(100), 0, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.3), Windows: 2) { ClientKind = ClientKinds.Chromium },
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
}

/// <summary>
/// `run --client-kind chromium`: Chromium pages as the harness's clients. Every event arrives; a page counts no bytes
/// (the client-side counts are absent, not zero) and the per-event figures come from the server's sockets, exact where
/// the protocol fixes them.
/// </summary>
public sealed class BrowserClientTests(BrowserHarnessFixture harness) : IClassFixture<BrowserHarnessFixture>
{
    [ChromiumTheory]
    [InlineData(TransportIds.Polling)]
    [InlineData(TransportIds.LongPolling)]
    [InlineData(TransportIds.Sse)]
    [InlineData(TransportIds.WebSocket)]
    public async Task Pages_receive_every_event_and_count_no_bytes_themselves(string transport)
    {
        var result = await harness.RunAsync(transport);

        Assert.Equal(ScenarioStatus.Ok, result.Status);
        Assert.True(result.EventsPublished > 0);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.Equal(0, result.EventsLost);
        Assert.Null(result.ClientBytesSent);
        Assert.Null(result.ClientBytesReceived);
        Assert.Null(result.HttpRequests);
        Assert.True(result.ServerBytesOut > result.PayloadBytesDelivered);
        Assert.True(result.SetupBytes > 0);
        Assert.True(result.LatencyMs.Count == result.EventsDelivered);
        Assert.NotNull(result.PageClockUncertaintyMs);
        Assert.Contains("/client=chromium", result.Name, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_page_s_WebSocket_costs_exactly_the_RFC_6455_frame_header_per_event_at_the_server()
    {
        var result = await harness.RunAsync(TransportIds.WebSocket, payloadBytes: 16);

        Assert.Equal(0, result.EventsLost);
        Assert.Equal(2, result.OverheadBytesPerEventDown);
        Assert.Equal(0, result.OverheadBytesPerEventUp);
        Assert.Equal(0, result.RequestsPerEvent);
    }

    [ChromiumFact]
    public async Task A_page_s_poll_is_one_request_at_the_server_for_every_poll_it_sends()
    {
        var result = await harness.RunAsync(TransportIds.Polling, clients: 1);

        Assert.Equal(0, result.EventsLost);
        Assert.True(result.ServerHttpRequests > 0);
        Assert.Equal((double)result.ServerHttpRequests / result.EventsDelivered, result.RequestsPerEvent);
        Assert.True(result.OverheadBytesPerEventUp > 0);
    }
}
