using System.Net;
using System.Net.WebSockets;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.BadInput;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser page from an origin the server does not allow gets 403 at
/// the handshake; listed origins (or, with an empty list, pages on this machine) and non-browser clients
/// without an Origin header connect.
/// </summary>
public sealed class OriginTests
{
    private const string Allowed = "http://allowed.example";
    private const string Evil = "http://evil.example";

    [Theory]
    [InlineData("", "", true)]
    [InlineData("http://localhost:1234", "", true)]
    [InlineData("http://127.0.0.1:5000", "", true)]
    [InlineData("http://[::1]:8080", "", true)]
    [InlineData(Evil, "", false)]
    [InlineData("http://localhost.evil.example", "", false)]
    [InlineData("http://127.0.0.1.evil.example", "", false)]
    [InlineData("null", "", false)]
    [InlineData("not a url", "", false)]
    [InlineData(Allowed, Allowed, true)]
    [InlineData("HTTP://ALLOWED.EXAMPLE", Allowed, true)]
    [InlineData("http://allowed.example:8080", Allowed, false)]
    [InlineData("https://allowed.example", Allowed, false)]
    [InlineData(Evil, Allowed, false)]
    [InlineData("http://localhost:1234", Allowed, false)]
    [InlineData("", Allowed, true)]
    [InlineData(Evil, "*", true)]
    [InlineData(Evil, Allowed + ",*", true)]
    public void IsOriginAllowed(string origin, string allowedList, bool expected)
    {
        var allowed = allowedList.Split(',', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, WebSocketTransportServer.IsOriginAllowed(origin, allowed));
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
    public async Task With_the_default_empty_list_a_loopback_origin_connects_and_a_foreign_one_gets_403()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        await using var bystander = await Bystander.StartAsync(server, TransportIds.WebSocket);

        await AssertConnectsAndReceivesAsync(server, "http://localhost:1234");
        var status = await LoopbackHttp.AssertHandshakeRefusedAsync(LoopbackHttp.WebSocketUri(server), Evil);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(1, server.Server.Wire.Rejected);
        await bystander.AssertStillServedAsync();
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
