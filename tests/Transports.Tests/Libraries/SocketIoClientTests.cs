using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Libraries;

/// <summary>
/// Our Engine.IO 4 / Socket.IO 4 client against the real Socket.IO server (servers/node, pinned socket.io 4.8.4) fed
/// from a loopback Kestrel's tcp floor: every event in order over each way the library connects, the start position
/// from <c>42["cursor",N]</c>, resume from a cursor, and each event's packet <c>42["event","…"]</c> in one WebSocket frame.
/// </summary>
public sealed class SocketIoClientTests : IAsyncLifetime
{
    private LoopbackTestServer _kestrel = null!;
    private NodeServer _node = null!;

    public async Task InitializeAsync()
    {
        _kestrel = await LoopbackTestServer.StartAsync();
        _node = await NodeServer.StartAsync("socketio", _kestrel.Server.TcpEndPoint, ["--max-upstream", "4096"], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(150));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _kestrel.DisposeAsync();
    }

    [Theory]
    [InlineData(LibraryTransports.Auto, LibraryTransports.SocketIoWebSocket)]
    [InlineData(LibraryTransports.SocketIoPolling, LibraryTransports.SocketIoPolling)]
    [InlineData(LibraryTransports.SocketIoWebSocket, LibraryTransports.SocketIoWebSocket)]
    public async Task Every_event_arrives_in_order_on_the_transport_the_library_negotiates(string mode, string negotiated)
    {
        var sink = new RecordingSink();
        await using var client = Start(mode, sink, new WireCounter());
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var first = _kestrel.Server.Feed.LastSequence + 1;
        var last = Publish(10);
        await sink.WaitForSequenceAsync(last);

        // In auto the subscription opens on polling and the upgrade follows; events keep flowing across it.
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        while (((INegotiatingClient)client).NegotiatedTransport != negotiated && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        last = Publish(10);
        await sink.WaitForSequenceAsync(last);
        Assert.Equal(negotiated, ((INegotiatingClient)client).NegotiatedTransport);
        Assert.Equal(Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i), sink.Sequences);
    }

    [Fact]
    public async Task Resume_from_a_cursor_gets_the_events_missed()
    {
        var sink = new RecordingSink();
        var cursor = _kestrel.Server.Feed.LastSequence;
        await WaitForBridgeAsync(cursor);
        var missed = Publish(5);
        await WaitForBridgeAsync(missed);
        await using var client = Start(LibraryTransports.Auto, sink, new WireCounter());
        await client.StartAsync(cursor, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var last = Publish(2);
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(Enumerable.Range(1, (int)(last - cursor)).Select(i => cursor + i), sink.Sequences);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300)]
    public async Task Over_websocket_each_event_is_its_packet_in_one_frame(int payload)
    {
        var counter = new WireCounter();
        var sink = new RecordingSink();
        await using var client = Start(LibraryTransports.SocketIoWebSocket, sink, counter);
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        for (var i = 0; i < 5; i++)
        {
            var before = counter.Snapshot().BytesIn;
            var published = _kestrel.Server.Feed.Publish(payload);
            await sink.WaitForSequenceAsync(published.Sequence);

            // 42["event","…"] is 14 bytes around the message; the frame header 2 bytes up to 125, 4 above.
            Assert.Equal(payload + SocketIoPackets.EventOverhead(SocketIoPackets.EventName) + (payload + 14 <= 125 ? 2 : 4), counter.Snapshot().BytesIn - before);
        }
    }

    private SocketIoClient Start(string mode, RecordingSink sink, WireCounter counter) =>
        new(LoopbackConnections.Create(_node.HttpUri, null, counter), sink, TestDefaults.ClientOptions with { SocketIoTransport = mode });

    private long Publish(int count, int payloadBytes = 64)
    {
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            last = _kestrel.Server.Feed.Publish(payloadBytes).Sequence;
        }

        return last;
    }

    /// <summary>The Node server holds the events up to <paramref name="sequence"/> (its history is what a cursor resumes from).</summary>
    private async Task WaitForBridgeAsync(long sequence)
    {
        using var http = new HttpClient { BaseAddress = _node.ControlUri };
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var stats = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/control/stats"));
            if (stats.RootElement.GetProperty("lastSequence").GetInt64() >= sequence)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the node server never saw event {sequence}");
    }
}
