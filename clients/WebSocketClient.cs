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
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
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
        var socket = await connections.ConnectWebSocket(connections.WebSocketUri(TransportPaths.WebSocket + query), cancellationToken).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref _socket, socket);
        previous?.Dispose();
        Subscribed(cursor);
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseSocketAsync(socket).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override ValueTask DisposeConnectionsAsync()
    {
        _socket?.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The close handshake, bounded; then the socket is aborted.</summary>
    private static async Task CloseSocketAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }
}
