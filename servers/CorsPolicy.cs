using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Pages from other origins, deliberately (`serve --cors ORIGIN,...`): the one origin list,
/// <see cref="TransportServerOptions.AllowedOrigins"/>, that <see cref="OriginPolicy"/> also holds every request to. A listed origin's
/// requests to the transport port (polling, long polling, SSE, publish, and the page's /clock and /transports) are
/// answered with <c>Access-Control-Allow-Origin</c> naming it, <c>Vary: Origin</c>, and X-Cursor exposed so the page
/// can read where its subscription starts; its preflights (a POST's or a reconnecting EventSource's Last-Event-ID)
/// are answered here. Anything else gets no CORS header: the browser then keeps the answer from the page. Same-origin
/// pages and clients that are not browsers (no Origin) need none. The demo controls take no part: same origin only.
/// An origin off the list never gets here: <see cref="OriginPolicy"/> refused it with 403 first.
/// </summary>
public static class CorsPolicy
{
    /// <summary>How long a browser may keep a preflight's answer.</summary>
    public const int PreflightMaxAgeSeconds = 600;

    /// <summary>Request headers a page may send: what a reconnecting EventSource and a POST of a message carry.</summary>
    private static readonly string[] AllowedHeaders = ["last-event-id", "content-type"];

    /// <summary>
    /// Adds the CORS answer to a request from a listed origin, and answers its preflight. True when the request is
    /// answered here (a preflight: 204 when allowed, 403 when not) and goes no further.
    /// </summary>
    public static bool Apply(HttpContext context, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var preflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);
        if (origin.Length == 0 || OriginPolicy.IsSameOrigin(request, origin) || request.Path.StartsWithSegments(TransportPaths.Demo))
        {
            return false;
        }

        if (!OriginPolicy.IsListed(origin, allowed))
        {
            if (preflight)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return preflight;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = HeaderNames.Origin;
        if (!preflight)
        {
            headers.AccessControlExposeHeaders = TransportPaths.CursorHeader;
            return false;
        }

        var method = request.Headers.AccessControlRequestMethod.ToString();
        var asked = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (method is not ("GET" or "POST") || asked.Any(h => !AllowedHeaders.Contains(h, StringComparer.OrdinalIgnoreCase)))
        {
            headers.Remove(HeaderNames.AccessControlAllowOrigin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return true;
        }

        headers.AccessControlAllowMethods = "GET, POST";
        if (asked.Length > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(", ", asked);
        }

        headers.AccessControlMaxAge = PreflightMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }
}
