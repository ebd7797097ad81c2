using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket: GET /ws?cursor=N upgraded; one text message per event; upstream messages arrive as text messages on
/// the same socket (<see cref="WebSocketFraming"/>). The handshake's refusals are <see cref="WebSocketTransportServer"/>'s;
/// after the upgrade an oversized message closes with 1009 and a message that is not an event with 1007. No
/// keep-alive pings: they would be overhead the workload did not ask for.
/// </summary>
public sealed class WebSocketServer(WebSocketServices services)
    : WebSocketTransportServer(TransportIds.WebSocket, "WebSocket; one text message per event", services)
{
    protected override WebSocketStreamFraming CreateFraming(HttpContext context) => new WebSocketFraming(context, Services.Ingest, Services.Options.MaxUpstreamBytes);
}
