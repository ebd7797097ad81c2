using Transports.Clients;
using Transports.Contract;
using Transports.Tests.BadInput;

namespace Transports.Tests.Time;

/// <summary>
/// A polling client's keep-alive connection dropped between polls is replaced by the HTTP stack without an error, so
/// the receive loop never sees it end; the client still counts it as a reconnect, exactly once. Fake time keeps every
/// poll out of flight at the drop.
/// </summary>
public sealed class SilentReconnectTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_keep_alive_connection_dropped_between_polls_is_one_reconnect()
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await LoopbackTestServer.StartAsync();
        var requests = new ObservedRequests();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(TransportIds.Polling, requests.Observe(server.Connections(new WireCounter())), sink, new ClientOptions { PollInterval = Interval, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        await requests.WaitForAnsweredAsync(1);
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);
        time.Advance(Interval);
        await requests.WaitForAnsweredAsync(2);
        Assert.Equal(0, client.Reconnects);

        Assert.Equal(1, server.Wire.AbortAll());
        await Eventually.AssertAsync(() => server.Wire.LiveConnections == 0, "the server should have dropped the connection");
        var missed = server.Feed.Publish(16).Sequence;
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);
        time.Advance(Interval);
        await requests.WaitForAnsweredAsync(3);
        await sink.WaitForSequenceAsync(missed);
        Assert.Equal(1, client.Reconnects);

        // The next poll rides the new connection: no further reconnect.
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);
        time.Advance(Interval);
        await requests.WaitForAnsweredAsync(4);
        Assert.Equal(1, client.Reconnects);
        Assert.Equal([missed], sink.Sequences);
        Assert.Equal(2, server.Wire.Snapshot().Connections);
    }
}
