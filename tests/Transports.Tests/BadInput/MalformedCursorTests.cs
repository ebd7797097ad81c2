using System.Net;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>
/// A cursor that is not a non-negative integer is refused with 400 before any subscription exists, on every
/// HTTP transport and on the WebSocket handshake; the refusal is counted and everyone else is still served.
/// </summary>
public sealed class MalformedCursorTests : IAsyncLifetime
{
    private LoopbackTestServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(TransportIds.Polling, "/poll?cursor=abc", null)]
    [InlineData(TransportIds.Polling, "/poll?cursor=99999999999999999999", null)]
    [InlineData(TransportIds.LongPolling, "/long-poll?cursor=-1", null)]
    [InlineData(TransportIds.LongPolling, "/long-poll?cursor=1.5", null)]
    [InlineData(TransportIds.Sse, "/sse", "x")]
    [InlineData(TransportIds.Sse, "/sse?cursor=0", "-3")]
    [InlineData(TransportIds.Sse, "/sse?cursor=1e3", null)]
    public async Task Malformed_cursor_gets_400_and_others_are_still_served(string transport, string pathAndQuery, string? lastEventId)
    {
        await using var bystander = await Bystander.StartAsync(_server, transport);
        using var http = LoopbackHttp.CreateClient(_server);
        var rejectedBefore = _server.Server.Wire.Rejected;

        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation(TransportPaths.LastEventIdHeader, lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cursor", await response.Content.ReadAsStringAsync().WaitAsync(TestDefaults.Timeout), StringComparison.Ordinal);
        Assert.Equal(rejectedBefore + 1, _server.Server.Wire.Rejected);
        await bystander.AssertStillServedAsync();
        await AssertFreshPollGetsEventsAsync(http);
    }

    /// <summary>The other side of the check: well-formed cursors on the same endpoints are served.</summary>
    [Theory]
    [InlineData("/poll?cursor=0", null)]
    [InlineData("/long-poll?cursor=0", null)]
    [InlineData("/sse", "0")]
    [InlineData("/sse?cursor=0", null)]
    public async Task Well_formed_cursor_is_served(string pathAndQuery, string? lastEventId)
    {
        _server.Server.Feed.Publish(64);
        using var http = LoopbackHttp.CreateClient(_server);
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation(TransportPaths.LastEventIdHeader, lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _server.Server.Wire.Rejected);
    }

    [Theory]
    [InlineData("cursor=zz")]
    [InlineData("cursor=-1")]
    public async Task Malformed_cursor_fails_the_websocket_handshake_with_400(string query)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.WebSocket);
        var rejectedBefore = _server.Server.Wire.Rejected;

        var status = await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(_server, query));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(rejectedBefore + 1, _server.Server.Wire.Rejected);
        await bystander.AssertStillServedAsync();

        // A fresh handshake with a good cursor is upgraded and gets the events after it.
        var cursor = _server.Server.Feed.LastSequence;
        using var socket = LoopbackHttp.CreateWebSocket();
        await socket.ConnectAsync(LoopbackHttp.WebSocketUri(_server, $"cursor={cursor}"), CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        var published = _server.Server.Feed.Publish(64);
        var (type, message) = await LoopbackHttp.ReceiveMessageAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.True(EventMessage.TryRead(message, out var sequence, out _));
        Assert.Equal(published.Sequence, sequence);
    }

    private async Task AssertFreshPollGetsEventsAsync(HttpClient http)
    {
        var cursor = _server.Server.Feed.LastSequence;
        var published = _server.Server.Feed.Publish(64);
        var body = await http.GetByteArrayAsync($"{TransportPaths.Poll}?cursor={cursor}").WaitAsync(TestDefaults.Timeout);
        var sequences = new List<long>();
        EventBatch.ForEach(body, sequences, static (message, list) =>
        {
            Assert.True(EventMessage.TryRead(message, out var sequence, out _));
            list.Add(sequence);
        });
        Assert.Equal([published.Sequence], sequences);
    }
}
