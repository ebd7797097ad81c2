using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// WebSocket: GET /ws?cursor=N upgraded; one text message per event; upstream messages arrive as text messages on
/// the same socket (<see cref="WebSocketFraming"/>). Refusals: not an upgrade 400, Origin not allowed 403,
/// malformed cursor 400; after the upgrade an oversized message closes with 1009 and a message that is not an event
/// with 1007. No keep-alive pings: they would be overhead the workload did not ask for.
/// </summary>
public sealed class WebSocketServer(
    HttpCursor cursors,
    StreamingSession session,
    ConnectionIncidents incidents,
    UpstreamIngest ingest,
    TransportServerOptions options,
    ScenarioWire wire)
    : HttpTransportServer(TransportIds.WebSocket, "WebSocket; one text message per event")
{
    /// <summary>Any method: a request that is not an upgrade gets its 400 here, not a 405 from routing.</summary>
    public override IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) => endpoints.Map(Descriptor.Path!, HandleAsync);

    public override async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await incidents.RefuseAsync(context, Descriptor.Id, HttpStatusCode.BadRequest, "expected a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        if (!IsOriginAllowed(context.Request.Headers.Origin.ToString(), options.AllowedOrigins))
        {
            await incidents.RefuseAsync(context, Descriptor.Id, HttpStatusCode.Forbidden, "origin not allowed").ConfigureAwait(false);
            return;
        }

        var (ok, cursor) = await cursors.TryReadAsync(context, Descriptor.Id).ConfigureAwait(false);
        if (ok)
        {
            using var framing = new WebSocketFraming(context, ingest, options.MaxUpstreamBytes, wire.WebSocketCompression);
            await session.RunAsync(framing, cursor).ConfigureAwait(false);
        }
    }

    protected override Uri Address(Uri httpUri) => new UriBuilder(httpUri) { Scheme = "ws", Path = Descriptor.Path }.Uri;

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
}
