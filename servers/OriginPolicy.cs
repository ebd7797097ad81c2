using Microsoft.AspNetCore.Http;

namespace Transports.Servers;

/// <summary>
/// Which pages may use the transports: every transport request with an Origin header is held to it before any
/// transport sees it (<see cref="TransportServer.MapEndpoints"/>: 403 otherwise, counted as rejected). Clients that
/// are not browsers send no Origin. One list, <see cref="TransportServerOptions.AllowedOrigins"/> (`serve --cors`),
/// decides this and the CORS answers (<see cref="CorsPolicy"/>).
/// </summary>
public static class OriginPolicy
{
    /// <summary>
    /// No Origin (not a browser), a page of this server's own origin, or a listed one. Nothing else, not even another
    /// port on this machine: a page there may be anybody's.
    /// </summary>
    public static bool Allows(HttpRequest request, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsSameOrigin(request, origin) || IsListed(origin, allowed);
    }

    /// <summary>The origin of this request's target, as a same-origin page's Origin header reads.</summary>
    public static string OwnOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}";
    }

    /// <summary>A page's Origin header naming this server itself.</summary>
    public static bool IsSameOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, OwnOrigin(request), StringComparison.OrdinalIgnoreCase);

    /// <summary>"*" or the origin itself on the list (scheme, host and port must all match).</summary>
    public static bool IsListed(string origin, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(origin);
        return origin.Length > 0 && (allowed.Contains("*") || allowed.Contains(origin, StringComparer.OrdinalIgnoreCase));
    }
}
