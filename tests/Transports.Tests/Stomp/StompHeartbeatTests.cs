using System.Net.WebSockets;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;
using Transports.Tests.BadInput;

namespace Transports.Tests.Stomp;

/// <summary>
/// Heart-beats and the CONNECT deadline on the server's fake clock: a line feed exactly when nothing else went out
/// for the negotiated interval (the larger of the two figures), none when either side says 0, and an ERROR for a
/// connection that never sends CONNECT.
/// </summary>
public sealed class StompHeartbeatTests
{
    private static readonly TimeSpan Offered = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_server_beats_at_the_larger_interval_and_only_when_idle()
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = Offered, Time = time });
        using var stomp = await StompSocket.OpenAsync(server);

        // The client wants a beat every 8 s; the server can send every 5 s: 8 s it is. Timers: the CONNECT deadline
        // (cancelled on CONNECT), then each wait of the beat loop; the loop is parked when its newest timer is armed.
        await stomp.SendAsync("CONNECT\naccept-version:1.2\nheart-beat:0,8000\n\n\0");
        Assert.Equal("5000,5000", (await stomp.ReadFrameAsync()).Header("heart-beat"));
        await SubscribeAsync(stomp);
        await ParkedAsync(time, timers: 2);

        // An event just before the beat is due: the loop wakes at 8 s, finds 1 tick of idleness and waits again.
        time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        server.Feed.Publish(16);
        Assert.StartsWith("MESSAGE", await stomp.ReceiveMessageAsync(), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromTicks(1));
        await ParkedAsync(time, timers: 3);
        var marker = server.Feed.Publish(16).Sequence;
        Assert.Contains($"message-id:{marker}\n", await stomp.ReceiveMessageAsync(), StringComparison.Ordinal);

        // The marker went out at 8 s: no beat before 16 s, one at 16 s, one at 24 s.
        time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        await ParkedAsync(time, timers: 4);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("\n", await stomp.ReceiveMessageAsync());
        await ParkedAsync(time, timers: 5);
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal("\n", await stomp.ReceiveMessageAsync());
    }

    [Theory]
    [InlineData("0,0")]
    [InlineData("10000,0")]
    [InlineData(null)]
    public async Task No_beats_when_the_client_wants_none(string? heartbeat)
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = Offered, Time = time });
        using var stomp = await StompSocket.OpenAsync(server);

        await stomp.SendAsync($"CONNECT\naccept-version:1.2\n{(heartbeat is null ? "" : $"heart-beat:{heartbeat}\n")}\n\0");
        await stomp.ReadFrameAsync();
        await SubscribeAsync(stomp);

        // The CONNECT deadline is gone and no beat loop waits: nothing is scheduled at all.
        Assert.Equal((1, 0), (time.TimersCreated, time.ArmedTimers));
        time.Advance(TimeSpan.FromMinutes(1));
        var published = server.Feed.Publish(16).Sequence;
        Assert.Contains($"message-id:{published}\n", await stomp.ReceiveMessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_client_beats_when_idle_and_both_ends_count_each_beat_exactly()
    {
        var time = new ManualTimeProvider();
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = TimeSpan.FromSeconds(2), Time = time });
        var counter = new WireCounter();
        await using var client = TransportClients.Create(TransportIds.Stomp, ((ITestServer)server).Connections(counter), new RecordingSink(), TestDefaults.ClientOptions with { StompHeartbeat = Offered, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // Both directions beat at max(2 s, 5 s). Timers: the server's CONNECT deadline (cancelled), then one beat loop
        // at each end; the client's SUBSCRIBE must have reached the server before the counters are read.
        await time.WaitUntilAsync(t => t.TimersCreated == 3 && t.ArmedTimers == 2);
        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().BytesIn == counter.Snapshot().BytesOut, "the server to read everything the client sent");
        var (serverIn, clientOut, clientIn) = (server.Server.Wire.Snapshot().BytesIn, counter.Snapshot().BytesOut, counter.Snapshot().BytesIn);
        time.Advance(Offered);

        // A line feed each way: in a masked client frame (2 + 4 + 1), in an unmasked server frame (2 + 1).
        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().BytesIn - serverIn == 7 && counter.Snapshot().BytesIn - clientIn == 3, "one beat each way");
        Assert.Equal(7, counter.Snapshot().BytesOut - clientOut);
    }

    /// <summary>SUBSCRIBE with a receipt: once it is back, the frames before it (CONNECT) have been handled.</summary>
    private static async Task SubscribeAsync(StompSocket stomp)
    {
        await stomp.SendAsync("SUBSCRIBE\nid:0\ndestination:/topic/events\nreceipt:s\n\n\0");
        Assert.Equal("s", (await stomp.ReadFrameAsync()).Header("receipt-id"));
    }

    private static Task ParkedAsync(ManualTimeProvider time, int timers) =>
        time.WaitUntilAsync(t => t.TimersCreated == timers && t.ArmedTimers == 1);

    /// <summary>
    /// Figures far beyond any useful interval (up to a long's range) are legal STOMP: the interval is capped where a timer
    /// can wait (<see cref="StompHeartbeat.MaxInterval"/>), so the conversation goes on and beats come never in practice.
    /// </summary>
    [Theory]
    [InlineData("0,9223372036854775807")]
    [InlineData("9223372036854775807,9223372036854775807")]
    [InlineData("0,4294967295")]
    public async Task A_huge_heart_beat_is_capped_not_a_crash(string heartbeat)
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = Offered, Time = time });
        using var stomp = await StompSocket.OpenAsync(server);

        await stomp.SendAsync($"CONNECT\naccept-version:1.2\nheart-beat:{heartbeat}\n\n\0");
        Assert.Equal(StompCommands.Connected, (await stomp.ReadFrameAsync()).Command);
        await SubscribeAsync(stomp);

        // The beat loop waits the capped interval: a timer armed, and an event still arrives.
        await ParkedAsync(time, timers: 2);
        var published = server.Feed.Publish(16).Sequence;
        Assert.Contains($"message-id:{published}\n", await stomp.ReceiveMessageAsync(), StringComparison.Ordinal);
        Assert.Equal(0, server.Wire.Rejected);
    }

    [Fact]
    public async Task A_server_with_heart_beats_off_offers_none()
    {
        await using ITestServer server = await InMemoryTestServer.StartAsync();
        using var stomp = await StompSocket.ConnectAsync(server, "heart-beat:1000,1000\n");

        Assert.Equal("0,0", stomp.Connected!.Header("heart-beat"));
    }

    [Fact]
    public async Task A_connection_without_CONNECT_gets_ERROR_when_the_deadline_passes()
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { Time = time });
        using var stomp = await StompSocket.OpenAsync(server);
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);

        time.Advance(StompFraming.ConnectTimeout);

        var error = await stomp.ReadFrameAsync();
        Assert.Equal(StompCommands.Error, error.Command);
        Assert.Contains("no CONNECT frame within 10 s", error.Header("message"), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, await stomp.ReadCloseAsync());
        Assert.Equal(1, server.Wire.Rejected);
    }
}
