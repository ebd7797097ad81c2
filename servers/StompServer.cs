using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// STOMP 1.2 over WebSocket: GET /stomp?cursor=N upgraded with the subprotocol <see cref="StompProtocol.SubProtocol"/>
/// (a handshake that does not offer it gets 400; the other refusals are <see cref="WebSocketTransportServer"/>'s), then
/// the STOMP conversation of <see cref="StompFraming"/>: CONNECT, SUBSCRIBE to /topic/events, one MESSAGE frame per event.
/// </summary>
public sealed class StompServer(WebSocketServices services)
    : WebSocketTransportServer(TransportIds.Stomp, $"STOMP 1.2 over WebSocket ({StompProtocol.SubProtocol}); SUBSCRIBE to {StompProtocol.Destination}", services, StompProtocol.SubProtocol)
{
    protected override WebSocketStreamFraming CreateFraming(HttpContext context) => new StompFraming(context, Services.Ingest, Services.Options);
}
