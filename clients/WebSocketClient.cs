using System.Buffers;
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
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (length >= Options.MaxMessageBytes)
                        {
                            throw new InvalidDataException($"websocket: message larger than {Options.MaxMessageBytes} bytes.");
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                Deliver(buffer.AsSpan(0, length), Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
