using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket's framing: X-Cursor on the 101 answer, then one text message per event (the managed WebSocket flushes
/// every message, so a batch is still one frame and one flush per event). Upstream is read with a zero-byte receive
/// while idle; an oversized message is refused with 1009 and one that is not an event message with 1007; a frame that
/// breaks RFC 6455 is answered 1002 by the managed WebSocket itself and counted here as a refusal. The close
/// handshake gets <see cref="CloseTimeout"/>, then the socket is aborted.
/// WebSocket has a close handshake: a connection closed without one is a client that went away. Over HTTP/2 the same
/// frames travel in DATA frames of an extended CONNECT stream (RFC 8441); Kestrel accepts either the same way.
/// </summary>
public sealed class WebSocketFraming(HttpContext context, UpstreamIngest ingest, int maxUpstreamBytes, bool compression = false)
    : StreamFraming(TransportIds.WebSocket, closingIsAbort: true, context.RequestAborted), IDisposable
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private WebSocket? _socket;

    private WebSocket Socket => _socket ?? throw new InvalidOperationException("websocket: not open yet.");

    public override async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        HttpCursor.Announce(context.Response, after);
        _socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.Zero,
            // permessage-deflate (RFC 7692), taken only when the client offers it; context takeover both ways.
            DangerousEnableCompression = compression,
        }).ConfigureAwait(false);
    }

    public override async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await Socket.SendAsync(e.Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public override async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReceiveMessagesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (e.WebSocketErrorCode == WebSocketError.Faulted)
        {
            // The peer broke the protocol (the managed WebSocket has already sent its close frame): input refused,
            // not a client that went away.
            return UpstreamEnd.ProtocolError(e.Message);
        }
    }

    private async Task<UpstreamEnd> ReceiveMessagesAsync(CancellationToken cancellationToken)
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

    public override async Task CloseAsync(UpstreamEnd? ending)
    {
        if (_socket is not { State: WebSocketState.Open or WebSocketState.CloseReceived } socket)
        {
            return;
        }

        var status = ending?.Kind switch
        {
            UpstreamEndKind.TooBig => WebSocketCloseStatus.MessageTooBig,
            UpstreamEndKind.NotAnEvent => WebSocketCloseStatus.InvalidPayloadData,
            UpstreamEndKind.ProtocolError => WebSocketCloseStatus.ProtocolError,
            _ => WebSocketCloseStatus.NormalClosure,
        };
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(status, ending?.Reason ?? "closing", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }

    public void Dispose() => _socket?.Dispose();
}
