using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket: GET /ws?cursor=N upgraded; one text message per event; upstream messages arrive as text
/// messages on the same socket. Refusals: not an upgrade 400, Origin not allowed 403, malformed cursor 400;
/// after the upgrade an oversized message closes with 1009 and a message that is not an event with 1007.
/// Send and receive loops run together; when one ends the other is cancelled, the close handshake gets
/// <see cref="CloseTimeout"/>, then the socket is aborted. No keep-alive pings: they would be overhead the
/// workload did not ask for.
/// </summary>
public sealed class WebSocketServer(
    EventFeed feed,
    UpstreamIngest ingest,
    HttpExchange exchange,
    TransportServerOptions options,
    IHostApplicationLifetime lifetime)
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await exchange.RejectAsync(context, TransportIds.WebSocket, HttpStatusCode.BadRequest, "expected a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        if (!IsOriginAllowed(context.Request.Headers.Origin.ToString(), options.AllowedOrigins))
        {
            await exchange.RejectAsync(context, TransportIds.WebSocket, HttpStatusCode.Forbidden, "origin not allowed").ConfigureAwait(false);
            return;
        }

        var (ok, cursor) = await exchange.TryReadCursorAsync(context, TransportIds.WebSocket).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        var after = cursor ?? feed.LastSequence;
        context.Response.Headers[TransportPaths.CursorHeader] = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero }).ConfigureAwait(false);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var send = SendAsync(socket, after, session.Token);
        var receive = ReceiveAsync(socket, session.Token);
        var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
        await session.CancelAsync().ConfigureAwait(false);
        var (status, reason) = first == receive && receive.IsCompletedSuccessfully
            ? await receive.ConfigureAwait(false)
            : (WebSocketCloseStatus.NormalClosure, "closing");
        await CloseAsync(socket, status, reason).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                exchange.ClientAborted(TransportIds.WebSocket);
            }
        }
    }

    /// <summary>No Origin (not a browser), "*", a listed origin, or (empty list) a page on this machine.</summary>
    public static bool IsOriginAllowed(string origin, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (string.IsNullOrEmpty(origin) || allowed.Contains("*"))
        {
            return true;
        }

        if (allowed.Count > 0)
        {
            return allowed.Contains(origin, StringComparer.OrdinalIgnoreCase);
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }

    private async Task SendAsync(WebSocket socket, long after, CancellationToken cancellationToken)
    {
        await foreach (var e in feed.SubscribeAsync(after, options.MaxBatchEvents, cancellationToken).ConfigureAwait(false))
        {
            await socket.SendAsync(e.Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads upstream messages until the client closes; returns how the server should close.</summary>
    private async Task<(WebSocketCloseStatus, string)> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var reader = new WebSocketMessageReader(options.MaxUpstreamBytes);
        while (true)
        {
            // Idle sockets hold no buffer: wait for data with a zero-byte read first.
            var peek = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketCloseStatus.NormalClosure, "bye");
            }

            if (peek.EndOfMessage)
            {
                // The peek consumed a whole message, so it was empty: not an event message.
                return Refuse(WebSocketCloseStatus.InvalidPayloadData, "not an event message");
            }

            var read = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            switch (read.Status)
            {
                case WebSocketReadStatus.Closed:
                    return (WebSocketCloseStatus.NormalClosure, "bye");
                case WebSocketReadStatus.TooBig:
                    return Refuse(WebSocketCloseStatus.MessageTooBig, $"upstream messages are at most {options.MaxUpstreamBytes} bytes");
                default:
                    if (!ingest.TryAccept(reader.Message(read)))
                    {
                        return Refuse(WebSocketCloseStatus.InvalidPayloadData, "not an event message");
                    }

                    break;
            }
        }
    }

    private (WebSocketCloseStatus, string) Refuse(WebSocketCloseStatus status, string reason)
    {
        exchange.CountRejected(TransportIds.WebSocket, reason);
        return (status, reason);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }
}
