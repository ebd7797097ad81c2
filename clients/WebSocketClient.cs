using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>WebSocket: one socket to /ws?cursor=N; events arrive as text messages, upstream goes out as one.</summary>
public sealed class WebSocketClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : TransportClient(TransportIds.WebSocket, sink, options)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private WebSocket? _socket;

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("websocket: not connected.");
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var query = cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"?{TransportPaths.CursorQuery}={after}") : "";
        var (socket, headers) = await connections.ConnectWebSocket(connections.WebSocketUri(TransportPaths.WebSocket + query), cancellationToken).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref _socket, socket);
        previous?.Dispose();
        Subscribed(cursor ?? TransportPaths.CursorFromHeader(headers?.GetValueOrDefault(TransportPaths.CursorHeader)));
        using var reader = new WebSocketMessageReader(Options.MaxMessageBytes);
        while (true)
        {
            var read = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            switch (read.Status)
            {
                case WebSocketReadStatus.Closed:
                    return;
                case WebSocketReadStatus.TooBig:
                    throw new InvalidDataException($"websocket: message larger than {Options.MaxMessageBytes} bytes.");
                default:
                    Deliver(reader.Message(read), Stopwatch.GetTimestamp());
                    break;
            }
        }
    }

    /// <summary>Sends the close frame; the receive loop ends when the server's close frame comes back.</summary>
    protected override async Task<bool> SayGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (_socket is not { State: WebSocketState.Open } socket)
        {
            return false;
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        return true;
    }

    protected override ValueTask DisposeConnectionsAsync()
    {
        _socket?.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
