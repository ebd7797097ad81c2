using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Transports.Servers;

/// <summary>
/// What the framings over an accepted WebSocket share: X-Cursor on the 101 answer, the accept (with the transport's
/// subprotocol, no keep-alive pings), and the close: a close frame whose status says why (1009 too big, 1007 not an
/// event, 1002 a protocol error, else 1000) and the client's answer, given <see cref="CloseTimeout"/>, then the socket
/// is aborted. A frame that breaks RFC 6455 is answered 1002 by the managed WebSocket itself and counted as a refusal.
/// WebSocket has a close handshake: a connection closed without one is a client that went away. Over HTTP/2 the same
/// frames travel in DATA frames of an extended CONNECT stream (RFC 8441); Kestrel accepts either the same way.
/// </summary>
public abstract class WebSocketStreamFraming(string transport, HttpContext context, string? subProtocol = null)
    : StreamFraming(transport, closingIsAbort: true, context.RequestAborted), IDisposable
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private WebSocket? _socket;

    protected WebSocket Socket => _socket ?? throw new InvalidOperationException($"{Transport}: not open yet.");

    /// <summary>The coalescing stream under the accepted socket, or null (<see cref="CoalescingUpgrade"/>).</summary>
    protected CoalescingStream? Coalescing => CoalescingUpgrade.StreamOf(context);

    public override async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        HttpCursor.Announce(context.Response, after);
        _socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subProtocol,
            KeepAliveInterval = TimeSpan.Zero,
            // permessage-deflate (RFC 7692) when the scenario compresses, taken only when the client offers it; context
            // takeover both ways.
            DangerousEnableCompression = context.RequestServices.GetService<ScenarioWire>()?.WebSocketCompression == true,
        }).ConfigureAwait(false);
    }

    public sealed override async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
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

    /// <summary>The transport's upstream, until a goodbye or a refusal; protocol faults are <see cref="ReceiveAsync"/>'s.</summary>
    protected abstract Task<UpstreamEnd> ReceiveMessagesAsync(CancellationToken cancellationToken);

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
            // The whole handshake: after its own close frame the server waits for the client's (RFC 6455 §7.1.1: the
            // server closes the TCP connection), so both ends count the client's close frame too.
            await socket.CloseAsync(status, ending?.Reason ?? "closing", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket?.Dispose();
        }
    }
}
