using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>
/// Upstream input the server must not take: POST /publish answers 413 for a body over
/// <see cref="Servers.TransportServerOptions.MaxUpstreamBytes"/> (declared or chunked) and 400 for a body that is
/// not an event message; a WebSocket closes with 1009 and 1007 for the same two faults. Nothing is published,
/// the refusal is counted, and everyone else is still served.
/// </summary>
public sealed class OversizedUpstreamTests : IAsyncLifetime
{
    private static readonly int Max = TestDefaults.ServerOptions.MaxUpstreamBytes;

    private LoopbackTestServer _server = null!;

    private Servers.UpstreamIngest Upstream => ((ITestServer)_server).Upstream;

    public async Task InitializeAsync() => _server = await LoopbackTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_over_the_limit_gets_413(bool chunked)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Sse);
        using var http = LoopbackHttp.CreateClient(_server);

        using var response = await PostAsync(http, Message(Max + 1), chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(1, _server.Server.Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
        await AssertPublishAcceptedAsync(bystander);
    }

    /// <summary>The other side of the limit: exactly MaxUpstreamBytes is taken, declared or chunked.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_at_the_limit_is_accepted(bool chunked)
    {
        using var http = LoopbackHttp.CreateClient(_server);

        using var response = await PostAsync(http, Message(Max), chunked);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, Upstream.Received);
        Assert.Equal(0, _server.Server.Wire.Rejected);
    }

    [Theory]
    [InlineData("hello world, too short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("tiny")]
    [InlineData("")]
    public async Task Publish_of_a_body_that_is_not_an_event_message_gets_400(string body)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.LongPolling);
        using var http = LoopbackHttp.CreateClient(_server);

        using var response = await PostAsync(http, Encoding.ASCII.GetBytes(body), chunked: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, _server.Server.Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
        await AssertPublishAcceptedAsync(bystander);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task WebSocket_message_over_the_limit_is_closed_with_1009(int fragments)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.WebSocket);
        using var socket = await ConnectAsync();

        await SendInFragmentsAsync(socket, Message(Max + 1), fragments);
        var (type, _) = await LoopbackHttp.ReceiveMessageAsync(socket);

        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        Assert.Equal(1, _server.Server.Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
    }

    [Theory]
    [InlineData("hello world, too short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("tiny")]
    public async Task WebSocket_text_that_is_not_an_event_message_is_closed_with_1007(string text)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.WebSocket);
        using var socket = await ConnectAsync();

        await socket.SendAsync(Encoding.ASCII.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var (type, _) = await LoopbackHttp.ReceiveMessageAsync(socket);

        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
        Assert.Equal(1, _server.Server.Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
    }

    /// <summary>The other side of both checks: an event message of exactly the limit is taken and broadcast back.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task WebSocket_event_message_at_the_limit_is_accepted(int fragments)
    {
        using var socket = await ConnectAsync();

        await SendInFragmentsAsync(socket, Message(Max), fragments);
        var (type, message) = await LoopbackHttp.ReceiveMessageAsync(socket);

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal(Max, message.Length);
        Assert.Equal(1, Upstream.Received);
        Assert.Equal(0, _server.Server.Wire.Rejected);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    private static byte[] Message(int size) => EventMessage.Create(1, Stopwatch.GetTimestamp(), size);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, bool chunked)
    {
        using HttpContent content = chunked ? new UnknownLengthContent(body) : new ByteArrayContent(body);
        var response = await http.PostAsync(TransportPaths.Publish, content).WaitAsync(TestDefaults.Timeout);
        if (chunked)
        {
            Assert.True(response.RequestMessage?.Headers.TransferEncodingChunked, "the body should have gone chunked, without a Content-Length");
        }

        return response;
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = LoopbackHttp.CreateWebSocket();
        await socket.ConnectAsync(LoopbackHttp.WebSocketUri(_server), CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        return socket;
    }

    private static async Task SendInFragmentsAsync(WebSocket socket, byte[] message, int fragments)
    {
        var size = (message.Length + fragments - 1) / fragments;
        for (var offset = 0; offset < message.Length; offset += size)
        {
            var end = Math.Min(offset + size, message.Length);
            await socket.SendAsync(message.AsMemory(offset, end - offset), WebSocketMessageType.Text, endOfMessage: end == message.Length, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        }
    }

    /// <summary>After a refusal the upstream path itself still works: a good POST is taken and broadcast.</summary>
    private async Task AssertPublishAcceptedAsync(Bystander bystander)
    {
        using var http = LoopbackHttp.CreateClient(_server);
        using var response = await PostAsync(http, Message(100), chunked: false);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await bystander.AssertReceivedThroughAsync(_server.Server.Feed.LastSequence);
    }

    /// <summary>A body without a Content-Length (so HTTP/1.1 sends it chunked), written a kilobyte per chunk.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(1024, body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
