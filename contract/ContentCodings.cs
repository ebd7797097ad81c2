namespace Transports.Contract;

/// <summary>
/// What a scenario compresses with: <see cref="None"/>, <see cref="Deflate"/> or <see cref="Gzip"/>. HTTP bodies (poll
/// and long-poll answers, the SSE stream) use that content coding; WebSocket has one compression only,
/// permessage-deflate (RFC 7692), which both non-none values turn on. The raw TCP floor is never compressed.
/// </summary>
public static class ContentCodings
{
    public const string None = "none";
    public const string Deflate = "deflate";
    public const string Gzip = "gzip";

    public static IReadOnlyList<string> All { get; } = [None, Deflate, Gzip];

    public static bool IsKnown(string? name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The coding to answer with: <paramref name="configured"/> when the request's Accept-Encoding lists it (without
    /// q=0), else null (identity).
    /// </summary>
    public static string? Choose(string configured, string? acceptEncoding)
    {
        if (configured == None || string.IsNullOrEmpty(acceptEncoding))
        {
            return null;
        }

        foreach (var item in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parameters = item.Split(';', StringSplitOptions.TrimEntries);
            if (string.Equals(parameters[0], configured, StringComparison.OrdinalIgnoreCase)
                && !parameters.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"))
            {
                return configured;
            }
        }

        return null;
    }
}
