using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The live page's buttons: the publish rate and payload, and dropping every connection. Mapped only when
/// `serve --demo-controls` asks (<see cref="TransportServerOptions.DemoControls"/>), on the transport port where the
/// page is. Deliberately narrow, never the control plane: these three actions and nothing else, bounded values, and a
/// request is taken only from a peer on this machine and, when a page sends it, only from the server's own origin
/// (a page elsewhere, even one the CORS list allows, gets 403). They take no token, so they exist only while the
/// control plane wants none (on loopback, no token given); everything else stays on the control port.
/// </summary>
public static class DemoControls
{
    /// <summary>The fastest rate the page may set: enough to show batching, not enough to swamp a talk's laptop.</summary>
    public const double MaxRateHz = 1000;

    /// <summary>The largest payload the page may set.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The buttons take no token: a control plane that wants one would be walked around.
        if (endpoints.ServiceProvider.GetRequiredService<TransportServerOptions>().ControlToken is not null)
        {
            throw new InvalidOperationException("demo controls go only with a control plane that wants no token");
        }

        var demo = endpoints.MapGroup(TransportPaths.Demo);
        demo.AddEndpointFilter(async (context, next) =>
            Allows(context.HttpContext.Request, context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context).ConfigureAwait(false)
                : Results.StatusCode(StatusCodes.Status403Forbidden));
        demo.MapGet("/feed", (FeedPublisher publisher) => publisher.Settings);
        demo.MapPost("/feed", (double rate, int payload, FeedPublisher publisher) =>
            rate is < 0 or > MaxRateHz || double.IsNaN(rate) || payload is < EventMessage.MinSize or > MaxPayloadBytes
                ? Results.BadRequest($"rate must be 0..{MaxRateHz} and payload {EventMessage.MinSize}..{MaxPayloadBytes} bytes")
                : Results.Ok(publisher.Configure(rate, payload)));

        // Every connection but the one asking, so its answer gets out.
        demo.MapPost("/drop", (HttpContext context, ServerWireStats wire) => Results.Ok(new DroppedConnections(wire.AbortAll(except: context.Connection.Id))));
    }

    /// <summary>A peer on this machine, and no Origin (not a page) or this server's own.</summary>
    public static bool Allows(HttpRequest request, IPAddress? peer)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (peer is null || !IPAddress.IsLoopback(peer))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || OriginPolicy.IsSameOrigin(request, origin);
    }
}

/// <summary>The answer of POST /demo/drop.</summary>
public sealed record DroppedConnections(int Dropped);
