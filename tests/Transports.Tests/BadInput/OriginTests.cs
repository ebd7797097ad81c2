using System.Net;
using System.Net.WebSockets;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.BadInput;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser page from an origin the server does not allow gets 403 at
/// the handshake; pages of the server's own origin, listed origins (`serve --cors`) and non-browser clients
/// without an Origin header connect.
/// </summary>
public sealed class OriginTests
{
    private const string Allowed = "http://allowed.example";
    private const string Evil = "http://evil.example";

    /// <summary>The server under test answers at http://127.0.0.1:5000.</summary>
    [Theory]
    [InlineData("", "", true)]
    [InlineData("http://127.0.0.1:5000", "", true)]
    [InlineData("HTTP://127.0.0.1:5000", "", true)]
    [InlineData("http://127.0.0.1:5001", "", false)]
    [InlineData("http://localhost:5000", "", false)]
    [InlineData("http://[::1]:5000", "", false)]
    [InlineData("https://127.0.0.1:5000", "", false)]
    [InlineData(Evil, "", false)]
    [InlineData("http://127.0.0.1.evil.example", "", false)]
    [InlineData("null", "", false)]
    [InlineData("not a url", "", false)]
    [InlineData(Allowed, Allowed, true)]
    [InlineData("HTTP://ALLOWED.EXAMPLE", Allowed, true)]
    [InlineData("http://allowed.example:8080", Allowed, false)]
    [InlineData("https://allowed.example", Allowed, false)]
    [InlineData(Evil, Allowed, false)]
    [InlineData("http://localhost:1234", Allowed, false)]
    [InlineData("http://127.0.0.1:5000", Allowed, true)]
    [InlineData("", Allowed, true)]
    [InlineData(Evil, "*", true)]
    [InlineData(Evil, Allowed + ",*", true)]
    public void Allows_no_origin_the_server_s_own_or_a_listed_one(string origin, string allowedList, bool expected)
    {
        var allowed = allowedList.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString("127.0.0.1", 5000);
        if (origin.Length > 0)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(expected, OriginPolicy.Allows(context.Request, allowed));
    }

    [Fact]
    public async Task Disallowed_origin_gets_403_and_allowed_origin_connects()
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { AllowedOrigins = [Allowed] });
        await using var bystander = await Bystander.StartAsync(server, TransportIds.WebSocket);

        var status = await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(server), Evil);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(1, server.Server.Wire.Rejected);
        await bystander.AssertStillServedAsync();
        await AssertConnectsAndReceivesAsync(server, Allowed);

        // With a list, even a page on this machine must be on it.
        Assert.Equal(HttpStatusCode.Forbidden, await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(server), "http://localhost:1234"));
        await bystander.AssertStillServedAsync();
    }

    [Fact]
    public async Task With_the_default_empty_list_only_the_server_s_own_origin_connects()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        await using var bystander = await Bystander.StartAsync(server, TransportIds.WebSocket);

        await AssertConnectsAndReceivesAsync(server, server.Server.HttpUri.GetLeftPart(UriPartial.Authority));
        var status = await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(server), Evil);
        var elsewhereOnThisMachine = await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(server), "http://localhost:1234");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhereOnThisMachine);
        Assert.Equal(2, server.Server.Wire.Rejected);
        await bystander.AssertStillServedAsync();
    }

    /// <summary>Every HTTP transport and POST /publish: CORS would only hide a response from a foreign page, not stop the request.</summary>
    [Theory]
    [InlineData("GET", TransportPaths.Poll + "?cursor=0")]
    [InlineData("GET", TransportPaths.LongPoll + "?cursor=0")]
    [InlineData("GET", TransportPaths.Sse)]
    [InlineData("POST", TransportPaths.Publish)]
    public async Task A_foreign_origin_gets_403_on_every_HTTP_transport_and_publish(string method, string pathAndQuery)
    {
        await using var server = await LoopbackTestServer.StartAsync();
        using var http = LoopbackHttp.CreateClient(server);
        var message = EventMessage.Create(1, 1, 16);

        async Task<HttpStatusCode> SendAsync(string? origin)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery) { Content = method == "POST" ? new ByteArrayContent(message) : null };
            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDefaults.Timeout);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(Evil));
        Assert.Equal(1, server.Server.Wire.Rejected);
        Assert.Equal(0, ((ITestServer)server).Upstream.Received);
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync("http://localhost:1234"));
        Assert.True((int)await SendAsync(server.Server.HttpUri.GetLeftPart(UriPartial.Authority)) < 300);
        Assert.True((int)await SendAsync(null) < 300);
    }

    [Fact]
    public async Task A_foreign_origin_gets_403_at_the_STOMP_handshake()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        var uri = new UriBuilder(server.Server.HttpUri) { Scheme = "ws", Path = TransportPaths.Stomp }.Uri;

        using var socket = LoopbackHttp.CreateWebSocket(Evil);
        socket.Options.AddSubProtocol(StompProtocol.SubProtocol);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestDefaults.Timeout));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.Equal(1, server.Server.Wire.Rejected);
    }

    /// <summary>Upgrades with <paramref name="origin"/> and receives an event published after the handshake.</summary>
    private static async Task AssertConnectsAndReceivesAsync(LoopbackTestServer server, string origin)
    {
        using var socket = LoopbackHttp.CreateWebSocket(origin);
        await socket.ConnectAsync(LoopbackHttp.WebSocketUri(server), CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);

        var published = server.Server.Feed.Publish(64);
        var (type, message) = await LoopbackHttp.ReceiveMessageAsync(socket);

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.True(EventMessage.TryRead(message, out var sequence, out _));
        Assert.Equal(published.Sequence, sequence);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TestDefaults.Timeout);
    }
}
