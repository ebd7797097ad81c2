using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Real sockets, every byte counted into one <see cref="WireCounter"/>: HttpClient through
/// <see cref="SocketsHttpHandler.ConnectCallback"/>, ClientWebSocket through the same handler, TCP directly.
/// </summary>
public static class LoopbackConnections
{
    public static ClientConnections Create(Uri httpBase, IPEndPoint? tcpEndPoint, WireCounter counter)
    {
        ArgumentNullException.ThrowIfNull(httpBase);
        ArgumentNullException.ThrowIfNull(counter);
        // One handshake handler per client, reused by every reconnect (a ClientWebSocket does not own it).
        var webSocketHandler = new Lazy<HttpMessageHandler>(() => CreateHandler(counter));
        return new ClientConnections
        {
            HttpBase = httpBase,
            CreateHttpHandler = () => CreateHandler(counter),
            ConnectWebSocket = async (request, cancellationToken) =>
            {
                var socket = new ClientWebSocket();
                if (request.SubProtocol is { } subProtocol)
                {
                    socket.Options.AddSubProtocol(subProtocol);
                }

                // No pings: they would cross the wire without the workload asking for them.
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                socket.Options.CollectHttpResponseDetails = true;
                using var invoker = new HttpMessageInvoker(webSocketHandler.Value, disposeHandler: false);
                await socket.ConnectAsync(request.Uri, invoker, cancellationToken).ConfigureAwait(false);
                return new ConnectedWebSocket(socket, socket.HttpResponseHeaders);
            },
            ConnectTcp = tcpEndPoint is null ? null : async cancellationToken =>
            {
                var socket = await ConnectAsync(tcpEndPoint, cancellationToken).ConfigureAwait(false);
                counter.AddConnection();
                return new CountingStream(new NetworkStream(socket, ownsSocket: true), counter);
            },
        };
    }

    private static RequestCountingHandler CreateHandler(WireCounter counter) => new(counter)
    {
        InnerHandler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = await ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                counter.AddConnection();
                context.InitialRequestMessage.Options.Set(ClientConnections.OpenedConnection, true);
                return new CountingStream(new NetworkStream(socket, ownsSocket: true), counter);
            },
        },
    };

    private static async Task<Socket> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
