namespace Transports.Servers;

/// <summary>
/// Which pages may use the transports: every transport request with an Origin header is held to it before any
/// transport sees it (<see cref="TransportServer.MapEndpoints"/>: 403 otherwise, counted as rejected). Clients that
/// are not browsers send no Origin.
/// </summary>
public static class OriginPolicy
{
    /// <summary>No Origin (not a browser), "*", a listed origin, or (empty list) a page on this machine.</summary>
    public static bool Allows(string origin, IReadOnlyList<string> allowed)
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
