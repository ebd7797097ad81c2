using System.Net.WebSockets;

namespace Transports.Clients;

/// <summary>
/// How a client reaches the server, given from outside so the same client code runs over real sockets
/// (<see cref="LoopbackConnections"/>, counting every byte) or in memory (TestHost's handler and WebSocket client).
/// </summary>
public sealed class ClientConnections
{
    /// <summary>The server's HTTP base address, e.g. http://127.0.0.1:5000/.</summary>
    public required Uri HttpBase { get; init; }

    /// <summary>A new handler for one client's HttpClient (each client owns its connections).</summary>
    public required Func<HttpMessageHandler> CreateHttpHandler { get; init; }

    /// <summary>Opens a WebSocket as the request says; the handshake's response headers where available.</summary>
    public required Func<WebSocketRequest, CancellationToken, Task<ConnectedWebSocket>> ConnectWebSocket { get; init; }

    /// <summary>Opens a raw TCP stream to the server's TCP endpoint; null where there is none (in memory).</summary>
    public Func<CancellationToken, ValueTask<Stream>>? ConnectTcp { get; init; }

    /// <summary>
    /// Set on the request for which a connector opened a new HTTP connection (the pooled one was gone), so a client
    /// tells a reconnect the HTTP stack made silently from a request on a connection it kept.
    /// </summary>
    public static HttpRequestOptionsKey<bool> OpenedConnection { get; } = new("Transports.OpenedConnection");

    public Uri WebSocketUri(string pathAndQuery)
    {
        var builder = new UriBuilder(new Uri(HttpBase, pathAndQuery))
        {
            Scheme = HttpBase.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        return builder.Uri;
    }
}

/// <summary>A WebSocket to open: its ws:// address and the subprotocol to offer, if any.</summary>
public sealed record WebSocketRequest(Uri Uri)
{
    public string? SubProtocol { get; init; }

    /// <summary>Headers the handshake carries beyond the ones the WebSocket client writes itself (a library's User-Agent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Offer permessage-deflate (and use it if the server accepts), as Node's <c>ws</c> does by default.</summary>
    public bool OfferDeflate { get; init; }
}

/// <summary>An open WebSocket and its handshake's response headers (null where the connector cannot see them).</summary>
public sealed record ConnectedWebSocket(WebSocket Socket, IReadOnlyDictionary<string, IEnumerable<string>>? ResponseHeaders);
