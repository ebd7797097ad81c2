using System.Net;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>Plain clients for a loopback server: no proxy, no pooling tricks, every status visible.</summary>
internal static class LoopbackHttp
{
    public static HttpClient CreateClient(LoopbackTestServer server) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.Server.HttpUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    public static Uri WebSocketUri(LoopbackTestServer server, string query = "") =>
        new UriBuilder(server.Server.HttpUri) { Scheme = "ws", Path = TransportPaths.WebSocket, Query = query }.Uri;

    /// <summary>A WebSocket that records the handshake's HTTP status, optionally sending an Origin header.</summary>
    public static ClientWebSocket CreateWebSocket(string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        return socket;
    }

    /// <summary>Connects and expects the handshake to be refused; returns the status the server answered with.</summary>
    public static async Task<HttpStatusCode> AssertHandshakeRefusedAsync(Uri uri, string? origin = null)
    {
        using var socket = CreateWebSocket(origin);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestDefaults.Timeout));
        return socket.HttpStatusCode;
    }

    /// <summary>Reads one whole message (or the close, whose status is then on the socket).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Message)> ReceiveMessageAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, buffer[..length]);
            }
        }
    }
}
