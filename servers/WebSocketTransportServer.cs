using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Transports.Servers;

/// <summary>
/// What every transport served over a WebSocket upgrade shares: the handshake's checks, then a
/// <see cref="StreamingSession"/> over the transport's framing. Refusals, each counted: not an upgrade 400; a
/// subprotocol required and not offered 400; malformed cursor (<c>?cursor=</c>) 400. (A foreign Origin got its 403
/// before any transport: <see cref="TransportServer.MapEndpoints"/>.)
/// </summary>
public abstract class WebSocketTransportServer(string transport, string usage, WebSocketServices services, string? subProtocol = null)
    : HttpTransportServer(transport, usage)
{
    protected WebSocketServices Services { get; } = services;

    /// <summary>Any method: a request that is not an upgrade gets its 400 here, not a 405 from routing.</summary>
    public override IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) => endpoints.Map(Descriptor.Path!, HandleAsync);

    public override async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Services.Incidents.RefuseAsync(context, Descriptor.Id, HttpStatusCode.BadRequest, "expected a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        if (subProtocol is not null && !context.WebSockets.WebSocketRequestedProtocols.Contains(subProtocol, StringComparer.OrdinalIgnoreCase))
        {
            await Services.Incidents.RefuseAsync(context, Descriptor.Id, HttpStatusCode.BadRequest, $"expected the WebSocket subprotocol {subProtocol} in Sec-WebSocket-Protocol").ConfigureAwait(false);
            return;
        }

        var (ok, cursor) = await Services.Cursors.TryReadAsync(context, Descriptor.Id).ConfigureAwait(false);
        if (ok)
        {
            using var framing = CreateFraming(context);
            await Services.Session.RunAsync(framing, cursor).ConfigureAwait(false);
        }
    }

    /// <summary>The transport's framing for one accepted handshake.</summary>
    protected abstract WebSocketStreamFraming CreateFraming(HttpContext context);

    protected override Uri Address(Uri httpUri) => new UriBuilder(httpUri) { Scheme = "ws", Path = Descriptor.Path }.Uri;
}
