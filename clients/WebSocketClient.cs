using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>WebSocket: one socket to /ws?cursor=N; events arrive as text messages, upstream goes out as one.</summary>
public sealed class WebSocketClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : TransportClient(TransportIds.WebSocket, sink, options)
{
    private readonly UpstreamConnection<WebSocket> _upstream = new(TransportIds.WebSocket);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _upstream.SendAsync(message, static (socket, message, token) => socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token), cancellationToken);

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var query = cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"?{TransportPaths.CursorQuery}={after}") : "";
        var (socket, headers) = await connections.ConnectWebSocket(new WebSocketRequest(connections.WebSocketUri(TransportPaths.WebSocket + query)), cancellationToken).ConfigureAwait(false);
        await _upstream.SwapAsync(socket).ConfigureAwait(false);
        Subscribed(cursor ?? TransportPaths.CursorFromHeader(headers?.GetValueOrDefault(TransportPaths.CursorHeader)));
        using var reader = new WebSocketMessageReader(Options.MaxMessageBytes);
        // The token is registered once for the connection: the managed WebSocket registers the one it is given on every
        // receive, a cost per event no other client pays. Stopping aborts the socket instead.
        using var stopping = cancellationToken.UnsafeRegister(static socket => ((WebSocket)socket!).Abort(), socket);
        try
        {
            while (true)
            {
                var read = await reader.ReceiveAsync(socket, CancellationToken.None).ConfigureAwait(false);
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
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // The receive failed because stopping aborted the socket: a cancellation, not a connection failure.
            throw new OperationCanceledException("websocket: stopped", e, cancellationToken);
        }
    }

    /// <summary>Sends the close frame; the receive loop ends when the server's close frame comes back.</summary>
    protected override async Task<bool> SayGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (_upstream.Current is not { State: WebSocketState.Open })
        {
            return false;
        }

        await _upstream.SendAsync(0, static (socket, _, token) => new ValueTask(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", token)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    protected override ValueTask DisposeConnectionsAsync() => _upstream.DisposeAsync();
}
