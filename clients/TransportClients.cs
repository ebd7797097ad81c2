using Transports.Contract;

namespace Transports.Clients;

/// <summary>Makes the client for a transport id: the one place a new transport's client is registered.</summary>
public static class TransportClients
{
    public static ITransportClient Create(string transport, ClientConnections connections, IEventSink sink, ClientOptions? options = null)
    {
        options ??= new ClientOptions();
        return transport switch
        {
            TransportIds.Polling => new PollingClient(connections, sink, options),
            TransportIds.LongPolling => new LongPollingClient(connections, sink, options),
            TransportIds.Sse => new SseClient(connections, sink, options),
            TransportIds.WebSocket => new WebSocketClient(connections, sink, options),
            TransportIds.Stomp => new StompClient(connections, sink, options),
            TransportIds.Tcp => new TcpClient(connections, sink, options),
            TransportIds.SignalR => new SignalRClient(connections, sink, options),
            TransportIds.SocketIo => new SocketIoClient(connections, sink, options),
            TransportIds.SockJs => new SockJsClient(connections, sink, options),
            TransportIds.NodeWs => new WebSocketClient(connections, sink, options, TransportIds.NodeWs),
            TransportIds.Fallback => new FallbackClient(connections, sink, options),
            _ => throw new ArgumentException($"no client for transport '{transport}' (known: {string.Join(", ", TransportIds.Ids)})", nameof(transport)),
        };
    }
}
