using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Transports.Contract;
using Transports.Servers;
using Transports.Tests.BadInput;

namespace Transports.Tests.Stomp;

/// <summary>
/// The STOMP conversation frame by frame, in memory: CONNECTED's headers, subscriptions and acknowledgements,
/// DISCONNECT's receipt, frames cut and combined as the transport likes, and every refusal: an ERROR frame saying
/// why, then the close with the status that fits, counted, while a bystander is still served.
/// </summary>
public sealed class StompProtocolTests : IAsyncLifetime
{
    private const string Event16 = "AAAAAQAAAAAAAAAB";

    private ITestServer _server = null!;

    public async Task InitializeAsync() => _server = await InMemoryTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CONNECTED_names_the_version_the_heart_beat_and_the_cursor_the_subscription_starts_after()
    {
        _server.Feed.Publish(64);
        using var stomp = await StompSocket.ConnectAsync(_server);
        var connected = stomp.Connected!;

        Assert.Equal(StompProtocol.SubProtocol, stomp.Socket.SubProtocol);
        Assert.Equal("1.2", connected.Header("version"));
        Assert.Equal("0,0", connected.Header("heart-beat"));
        Assert.Equal(_server.Feed.LastSequence.ToString(CultureInfo.InvariantCulture), connected.Header("cursor"));

        // Published before SUBSCRIBE, after the cursor: delivered once the client subscribes.
        var early = _server.Feed.Publish(64).Sequence;
        await stomp.SubscribeAsync();
        var message = await stomp.ReadFrameAsync();
        Assert.Equal(StompCommands.Message, message.Command);
        Assert.Equal(["subscription", "message-id", "destination", "content-length"], message.Headers.Select(h => h.Key));
        Assert.Equal(("s1", early.ToString(CultureInfo.InvariantCulture), "/topic/events", "64"), (message.Header("subscription"), message.Header("message-id"), message.Header("destination"), message.Header("content-length")));
        Assert.True(EventMessage.TryRead(message.Body.Span, out var sequence, out _));
        Assert.Equal(early, sequence);
    }

    [Fact]
    public async Task STOMP_connects_like_CONNECT_and_a_cursor_resumes_after_it()
    {
        var cursor = _server.Feed.Publish(64).Sequence;
        var next = _server.Feed.Publish(64).Sequence;
        using var stomp = await StompSocket.OpenAsync(_server, $"?cursor={cursor - 1}");

        await stomp.SendAsync("STOMP\naccept-version:1.1,1.2\nhost:localhost\n\n\0");
        var connected = await stomp.ReadFrameAsync();
        await stomp.SubscribeAsync();

        Assert.Equal((StompCommands.Connected, (cursor - 1).ToString(CultureInfo.InvariantCulture)), (connected.Command, connected.Header("cursor")));
        Assert.Equal(cursor.ToString(CultureInfo.InvariantCulture), (await stomp.ReadFrameAsync()).Header("message-id"));
        Assert.Equal(next.ToString(CultureInfo.InvariantCulture), (await stomp.ReadFrameAsync()).Header("message-id"));
    }

    [Fact]
    public async Task Frames_may_be_cut_across_messages_and_several_may_share_one()
    {
        using var stomp = await StompSocket.OpenAsync(_server);

        await stomp.SendAsync("CONN");
        await stomp.SendAsync("ECT\naccept-version:1.2\nhost:localhost\n\n\0\nSUBSCRIBE\nid:a\\cb\ndestination:/topic/ev");
        await stomp.SendAsync("ents\n\n\0");
        Assert.Equal(StompCommands.Connected, (await stomp.ReadFrameAsync()).Command);
        var published = _server.Feed.Publish(64).Sequence;
        var message = await stomp.ReadFrameAsync();

        Assert.Equal(("a:b", published.ToString(CultureInfo.InvariantCulture)), (message.Header("subscription"), message.Header("message-id")));
    }

    [Fact]
    public async Task SEND_goes_into_the_feed_and_a_receipt_is_answered()
    {
        using var stomp = await StompSocket.ConnectAsync(_server);
        await stomp.SubscribeAsync();

        await stomp.SendAsync($"SEND\ndestination:/topic/events\nreceipt:r-1\ncontent-length:16\n\n{Event16}\0");

        var receipt = await stomp.ReadFrameAsync();
        Assert.Equal((StompCommands.Receipt, "r-1"), (receipt.Command, receipt.Header("receipt-id")));
        Assert.Equal(1, _server.Upstream.Received);
        // Taken into the feed: published to every subscriber as an event of the same size.
        var broadcast = await stomp.ReadFrameAsync();
        Assert.Equal((StompCommands.Message, _server.Feed.LastSequence.ToString(CultureInfo.InvariantCulture), 16), (broadcast.Command, broadcast.Header("message-id"), broadcast.Body.Length));
    }

    [Fact]
    public async Task DISCONNECT_with_a_receipt_is_answered_then_closed_normally()
    {
        using var stomp = await StompSocket.ConnectAsync(_server);

        await stomp.SendAsync("DISCONNECT\nreceipt:77\n\n\0");

        var receipt = await stomp.ReadFrameAsync();
        Assert.Equal((StompCommands.Receipt, "77"), (receipt.Command, receipt.Header("receipt-id")));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await stomp.ReadCloseAsync());
        Assert.Equal(0, _server.Wire.Rejected);
    }

    [Fact]
    public async Task Events_wait_while_unsubscribed_and_nothing_after_the_cursor_is_skipped()
    {
        using var stomp = await StompSocket.ConnectAsync(_server);
        await stomp.SubscribeAsync(id: "one");
        var first = _server.Feed.Publish(64).Sequence;
        Assert.Equal(first.ToString(CultureInfo.InvariantCulture), (await stomp.ReadFrameAsync()).Header("message-id"));

        await stomp.SendAsync("UNSUBSCRIBE\nid:one\nreceipt:u\n\n\0");
        Assert.Equal("u", (await stomp.ReadFrameAsync()).Header("receipt-id"));
        var whileAway = _server.Feed.Publish(64).Sequence;
        await stomp.SubscribeAsync(id: "two");

        var message = await stomp.ReadFrameAsync();
        Assert.Equal(("two", whileAway.ToString(CultureInfo.InvariantCulture)), (message.Header("subscription"), message.Header("message-id")));
    }

    [Theory]
    [InlineData(StompHeaders.AckClientIndividual)]
    [InlineData(StompHeaders.AckClient)]
    public async Task Client_acknowledgement_holds_delivery_at_the_window_and_ACK_or_NACK_frees_it(string mode)
    {
        using var stomp = await StompSocket.ConnectAsync(_server);
        await stomp.SubscribeAsync(mode);
        var window = StompSubscription.MaxUnacknowledged;
        var first = _server.Feed.LastSequence + 1;
        for (var i = 0; i < window + 5; i++)
        {
            _server.Feed.Publish(16);
        }

        for (var i = 0; i < window; i++)
        {
            var message = await stomp.ReadFrameAsync();
            Assert.Equal(message.Header("message-id"), message.Header("ack"));
            Assert.Equal((first + i).ToString(CultureInfo.InvariantCulture), message.Header("ack"));
        }

        // The window is full: the next frame is the receipt, not a MESSAGE.
        await stomp.SendAsync($"SEND\ndestination:/topic/events\nreceipt:full\n\n{Event16}\0");
        var receipt = await stomp.ReadFrameAsync();
        Assert.Equal((StompCommands.Receipt, "full"), (receipt.Command, receipt.Header("receipt-id")));

        // client mode: acknowledging the third message frees three places; client-individual: one. A NACK frees one.
        await stomp.SendAsync($"ACK\nid:{first + 2}\n\n\0");
        var freed = mode == StompHeaders.AckClient ? 3 : 1;
        for (var i = 0; i < freed; i++)
        {
            Assert.Equal((first + window + i).ToString(CultureInfo.InvariantCulture), (await stomp.ReadFrameAsync()).Header("message-id"));
        }

        // The freed place's MESSAGE and the NACK's RECEIPT race each other: either order is right.
        await stomp.SendAsync($"NACK\nid:{first + 10}\nreceipt:n\n\n\0");
        var two = new[] { await stomp.ReadFrameAsync(), await stomp.ReadFrameAsync() };
        Assert.Equal((first + window + freed).ToString(CultureInfo.InvariantCulture), Assert.Single(two, f => f.Command == StompCommands.Message).Header("message-id"));
        Assert.Equal("n", Assert.Single(two, f => f.Command == StompCommands.Receipt).Header("receipt-id"));
    }

    public static TheoryData<string, bool, string, WebSocketCloseStatus> Refusals => new()
    {
        { "HELLO WORLD\n\n\0", true, "malformed frame", WebSocketCloseStatus.ProtocolError },
        { "SEND\nno-colon\n\n\0", true, "malformed frame", WebSocketCloseStatus.ProtocolError },
        { "MESSAGE\nbad:\\t\n\n\0", true, "malformed frame", WebSocketCloseStatus.ProtocolError },
        { "FOO\nreceipt:9\n\n\0", true, "unknown command FOO", WebSocketCloseStatus.ProtocolError },
        { "SUBSCRIBE\nid:0\ndestination:/topic/events\n\n\0", false, "expected CONNECT or STOMP first", WebSocketCloseStatus.ProtocolError },
        { "CONNECT\naccept-version:1.0,1.1\nhost:h\n\n\0", false, "only STOMP 1.2", WebSocketCloseStatus.ProtocolError },
        { "CONNECT\naccept-version:1.2\nheart-beat:soon\n\n\0", false, "heart-beat", WebSocketCloseStatus.ProtocolError },
        { "CONNECT\naccept-version:1.2\n\n\0", true, "already connected", WebSocketCloseStatus.ProtocolError },
        { "SUBSCRIBE\nid:0\ndestination:/queue/other\n\n\0", true, "unknown destination", WebSocketCloseStatus.ProtocolError },
        { "SUBSCRIBE\ndestination:/topic/events\n\n\0", true, "needs an id", WebSocketCloseStatus.ProtocolError },
        { "SUBSCRIBE\nid:0\ndestination:/topic/events\nack:sometimes\n\n\0", true, "unknown ack mode", WebSocketCloseStatus.ProtocolError },
        { "UNSUBSCRIBE\nid:nope\n\n\0", true, "no subscription has that id", WebSocketCloseStatus.ProtocolError },
        { "ACK\nid:1\n\n\0", true, "awaits acknowledgement", WebSocketCloseStatus.ProtocolError },
        { "BEGIN\ntransaction:t\n\n\0", true, "transactions are not supported", WebSocketCloseStatus.ProtocolError },
        { $"SEND\ndestination:/queue/other\n\n{Event16}\0", true, "unknown destination", WebSocketCloseStatus.ProtocolError },
        { "SEND\ndestination:/topic/events\n\nnot an event message\0", true, "not an event message", WebSocketCloseStatus.InvalidPayloadData },
        { $"SEND\ndestination:/topic/events\ncontent-length:{TestDefaults.ServerOptions.MaxUpstreamBytes + 1}\n\n", true, "at most 4096 bytes", WebSocketCloseStatus.MessageTooBig },
        { "SEND\ndestination:/topic/events\n\n" + new string('x', TestDefaults.ServerOptions.MaxUpstreamBytes + 1), true, "at most 4096 bytes", WebSocketCloseStatus.MessageTooBig },
        { "SEND\nh:" + new string('x', StompFraming.MaxHeaderBytes), true, "headers are at most", WebSocketCloseStatus.MessageTooBig },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_input_gets_ERROR_saying_why_then_the_close_that_fits(string frame, bool connectFirst, string reason, WebSocketCloseStatus status)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Stomp);
        var rejected = _server.Wire.Rejected;
        using var stomp = connectFirst ? await StompSocket.ConnectAsync(_server) : await StompSocket.OpenAsync(_server);

        await stomp.SendAsync(frame);

        var error = await stomp.ReadFrameAsync();
        Assert.Equal(StompCommands.Error, error.Command);
        Assert.Contains(reason, error.Header("message"), StringComparison.Ordinal);
        Assert.Equal(frame.Contains("receipt:9", StringComparison.Ordinal) ? "9" : null, error.Header("receipt-id"));
        Assert.Equal(reason.Contains("1.2", StringComparison.Ordinal) ? "1.2" : null, error.Header("version"));
        Assert.Equal(status, await stomp.ReadCloseAsync());
        Assert.Equal(rejected + 1, _server.Wire.Rejected);
        Assert.Equal(0, _server.Upstream.Received);
        await bystander.AssertStillServedAsync();
    }
}
