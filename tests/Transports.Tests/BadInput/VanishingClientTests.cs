using System.Net;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>
/// A client that disappears mid-response, without a goodbye: the server notices, counts a client abort where the
/// protocol has a response in flight (SSE, a held long-poll), and keeps serving everyone else, losing nothing.
/// </summary>
public sealed class VanishingClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sse_client_vanishing_while_events_are_published_is_counted_and_others_get_everything(bool reset)
    {
        await using var server = await LoopbackTestServer.StartAsync();
        await using var bystander = await Bystander.StartAsync(server, TransportIds.Sse);
        var abortsBefore = server.Server.Wire.ClientAborts;

        using var vanishing = await RawConnection.ConnectAsync(server.Server.HttpUri);
        await vanishing.SendAsync($"GET {TransportPaths.Sse} HTTP/1.1\r\nHost: {server.Server.HttpUri.Authority}\r\n\r\n");
        var head = await vanishing.ReadUntilAsync("\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Contains(Servers.SseServer.ContentType, head, StringComparison.OrdinalIgnoreCase);
        var first = server.Server.Feed.Publish(64);
        await vanishing.ReadUntilAsync($"id: {first.Sequence}");

        long last;
        using (var publishing = new CancellationTokenSource())
        {
            var publisher = PublishUntilCancelledAsync(server, publishing.Token);
            vanishing.Vanish(reset);
            await Eventually.AssertAsync(() => server.Server.Wire.ClientAborts > abortsBefore, "the server should count the vanished SSE client");
            await publishing.CancelAsync();
            last = await publisher.WaitAsync(TestDefaults.Timeout);
        }

        Assert.Equal(abortsBefore + 1, server.Server.Wire.ClientAborts);
        await bystander.AssertReceivedThroughAsync(last);
        await bystander.AssertStillServedAsync();
    }

    [Fact]
    public async Task Long_poll_cancelled_while_held_is_counted_and_others_still_poll()
    {
        // Held far longer than the test: only the client's cancellation can end the request.
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { LongPollTimeout = TimeSpan.FromMinutes(5) });
        using var http = LoopbackHttp.CreateClient(server);
        var requestsBefore = server.Server.Wire.Snapshot().Requests;
        var abortsBefore = server.Server.Wire.ClientAborts;

        using var cancel = new CancellationTokenSource();
        var held = http.GetAsync($"{TransportPaths.LongPoll}?cursor={server.Server.Feed.LastSequence}", cancel.Token);
        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().Requests > requestsBefore, "the long-poll should reach the server");

        // Subscribed only now, so the request counted above is certainly the held one.
        await using var bystander = await Bystander.StartAsync(server, TransportIds.LongPolling);
        Assert.False(held.IsCompleted, "nothing was published: the long-poll must still be held");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(TestDefaults.Timeout));

        await Eventually.AssertAsync(() => server.Server.Wire.ClientAborts > abortsBefore, "the server should count the cancelled long-poll");
        Assert.Equal(abortsBefore + 1, server.Server.Wire.ClientAborts);
        await bystander.AssertStillServedAsync();

        // A fresh long-poll from the same client is answered with the events after its cursor.
        var cursor = server.Server.Feed.LastSequence;
        var published = server.Server.Feed.Publish(64);
        using var response = await http.GetAsync($"{TransportPaths.LongPoll}?cursor={cursor}").WaitAsync(TestDefaults.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestDefaults.Timeout);
        Assert.Equal(published.Message.Length + 1, body.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tcp_client_closing_without_goodbye_leaves_others_served(bool reset)
    {
        await using var server = await LoopbackTestServer.StartAsync();
        await using var bystander = await Bystander.StartAsync(server, TransportIds.Tcp);
        var abortsBefore = server.Server.Wire.ClientAborts;

        using (var vanishing = await RawConnection.ConnectAsync(server.Server.TcpEndPoint))
        {
            await vanishing.SubscribeAsync();
            var published = server.Server.Feed.Publish(64);
            Assert.Equal(published.Message.Length, (await vanishing.ReadFrameAsync()).Length);
            vanishing.Vanish(reset);
        }

        // A reset mid-read is an abort; a bare FIN is how a TCP client says goodbye, nothing to count.
        if (reset)
        {
            await Eventually.AssertAsync(() => server.Server.Wire.ClientAborts > abortsBefore, "the server should count the reset connection");
        }

        // Events keep flowing past the dead connection: to the bystander and to a fresh subscriber.
        await bystander.AssertStillServedAsync(count: 20);
        using var fresh = await RawConnection.ConnectAsync(server.Server.TcpEndPoint);
        var start = await fresh.SubscribeAsync();
        var next = server.Server.Feed.Publish(64);
        Assert.Equal(start + 1, next.Sequence);
        Assert.True(EventMessage.TryRead(await fresh.ReadFrameAsync(), out var sequence, out _));
        Assert.Equal(next.Sequence, sequence);
        await bystander.AssertReceivedThroughAsync(next.Sequence);
        Assert.Equal(0, server.Server.Wire.Rejected);
    }

    /// <summary>Publishes an event every few milliseconds until cancelled; returns the last sequence.</summary>
    private static async Task<long> PublishUntilCancelledAsync(LoopbackTestServer server, CancellationToken cancellationToken)
    {
        var last = server.Server.Feed.Publish(64).Sequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(2, CancellationToken.None);
            last = server.Server.Feed.Publish(64).Sequence;
        }

        return last;
    }
}
