using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Time;

/// <summary>A dropped streaming client waits exactly its reconnect delay on its own (fake) clock, then resumes losing nothing.</summary>
public sealed class ReconnectDelayTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(5);

    public static TheoryData<string> StreamingTransports =>
        new(TransportIds.All.Where(d => d.Family == TransportFamily.Stream && d.Host == TransportHost.Kestrel).Select(d => d.Id));

    [Theory]
    [MemberData(nameof(StreamingTransports))]
    public async Task A_dropped_client_reconnects_exactly_after_the_delay(string transport)
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await LoopbackTestServer.StartAsync();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(transport, server.Connections(new WireCounter()), sink, new ClientOptions { ReconnectDelay = Delay, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var first = server.Feed.Publish(16).Sequence;
        await sink.WaitForSequenceAsync(first);
        var connections = server.Wire.Snapshot().Connections;

        Assert.True(server.Wire.AbortAll() >= 1);
        // Reconnects counts the drop just before the delay is armed; a keep-alive timer (SignalR's) is gone by then.
        await time.WaitUntilAsync(t => t.ArmedTimers == 1 && client.Reconnects == 1);
        var missed = server.Feed.Publish(16).Sequence;
        time.Advance(Delay - TimeSpan.FromTicks(1));
        Assert.Equal(connections, server.Wire.Snapshot().Connections);
        Assert.Equal(1, client.Reconnects);

        time.Advance(TimeSpan.FromTicks(1));
        var last = server.Feed.Publish(16).Sequence;
        await sink.WaitForSequenceAsync(last);
        // SignalR opens two: negotiate's HTTP connection (the pooled one was dropped too) and the WebSocket.
        Assert.Equal(connections + (transport == TransportIds.SignalR ? 2 : 1), server.Wire.Snapshot().Connections);
        Assert.Equal([first, missed, last], sink.Sequences);
    }

    /// <summary>
    /// A reconnect the server's port refuses is a failed connection like a drop: counted, then tried again after the
    /// delay. (Under load, run-under-load.sh saw tcp's connect throw its SocketException out of the client.)
    /// </summary>
    [Theory]
    [InlineData(TransportIds.Tcp)]
    [InlineData(TransportIds.WebSocket)]
    [InlineData(TransportIds.Sse)]
    public async Task A_refused_reconnect_is_counted_and_tried_again(string transport)
    {
        var time = new ManualTimeProvider();
        var server = await LoopbackTestServer.StartAsync();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(transport, ((ITestServer)server).Connections(new WireCounter()), sink, new ClientOptions { ReconnectDelay = Delay, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        await sink.WaitForSequenceAsync(((ITestServer)server).Feed.Publish(16).Sequence);

        // The server goes away: the connection ends, and after the delay nothing listens on its ports.
        await server.DisposeAsync().AsTask().WaitAsync(TestDefaults.Timeout);
        await time.WaitUntilAsync(t => t.ArmedTimers == 1 && client.Reconnects == 1);
        time.Advance(Delay);

        await time.WaitUntilAsync(t => t.ArmedTimers == 1 && client.Reconnects == 2);
        Assert.True(client.Errors >= 1);
    }
}
