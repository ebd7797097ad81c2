using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket's framing: one text message per event (the managed WebSocket flushes every message, so a batch is still
/// one frame and one flush per event). Upstream is read with a zero-byte receive while idle; an oversized message is
/// refused with 1009 and one that is not an event message with 1007 (the close is <see cref="WebSocketStreamFraming"/>'s).
/// </summary>
public sealed class WebSocketFraming(HttpContext context, UpstreamIngest ingest, int maxUpstreamBytes)
    : WebSocketStreamFraming(TransportIds.WebSocket, context)
{
    public override async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await Socket.SendAsync(e.Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        return true;
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
