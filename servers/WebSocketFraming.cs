using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket's framing: one text message per event. The managed WebSocket writes (and Kestrel flushes) every message on
/// its own; a batch of several goes through the <see cref="CoalescingStream"/> under the socket, still one frame per
/// event but one flush for all. Upstream is read with a zero-byte receive while idle; an oversized message is refused
/// with 1009 and one that is not an event message with 1007 (the close is <see cref="WebSocketStreamFraming"/>'s).
/// </summary>
public sealed class WebSocketFraming(HttpContext context, UpstreamIngest ingest, int maxUpstreamBytes)
    : WebSocketStreamFraming(TransportIds.WebSocket, context)
{
    public override async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        await SendAsync(Socket, Coalescing, events, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// One text message per event; several go under one flush through <paramref name="stream"/>, the stream under
    /// <paramref name="socket"/> (null: none, each message flushed on its own). The micro-benchmark calls this too.
    /// </summary>
    public static async ValueTask SendAsync(WebSocket socket, CoalescingStream? stream, IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 1 || stream is null)
        {
            await SendEachAsync(socket, events, cancellationToken).ConfigureAwait(false);
            return;
        }

        stream.BeginBatch();
        try
        {
            await SendEachAsync(socket, events, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stream.AbandonBatch();
            throw;
        }

        await stream.EndBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The token is registered once for the batch: given to each send, the managed WebSocket would register it per
    /// message and take its slower path for cancelable sends. Cancelling aborts the socket, as its own registration does.
    /// </summary>
    private static async ValueTask SendEachAsync(WebSocket socket, IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cancelling = cancellationToken.UnsafeRegister(static socket => ((WebSocket)socket!).Abort(), socket);
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                await socket.SendAsync(events[i].Message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("websocket: the session ended", e, cancellationToken);
        }
    }

    protected override async Task<UpstreamEnd> ReceiveMessagesAsync(CancellationToken cancellationToken)
    {
        using var reader = new WebSocketMessageReader(maxUpstreamBytes);
        while (true)
        {
            // Idle sockets hold no buffer: wait for data with a zero-byte read first.
            var peek = await Socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                return UpstreamEnd.Goodbye;
            }

            if (peek.EndOfMessage)
            {
                // The peek consumed a whole message, so it was empty: not an event message.
                return UpstreamEnd.NotAnEvent("not an event message");
            }

            var read = await reader.ReceiveAsync(Socket, cancellationToken).ConfigureAwait(false);
            switch (read.Status)
            {
                case WebSocketReadStatus.Closed:
                    return UpstreamEnd.Goodbye;
                case WebSocketReadStatus.TooBig:
                    return UpstreamEnd.TooBig($"upstream messages are at most {maxUpstreamBytes} bytes");
                default:
                    if (!ingest.TryAccept(reader.Message(read)))
                    {
                        return UpstreamEnd.NotAnEvent("not an event message");
                    }

                    break;
            }
        }
    }
}
