namespace Transports.Contract;

/// <summary>
/// The one list of transports. Ids are stable: the CLI, results.json, CSV columns and charts use them,
/// always in this order (the tcp floor last).
/// </summary>
public static class TransportIds
{
    public const string Polling = "polling";
    public const string LongPolling = "long-polling";
    public const string Sse = "sse";
    public const string WebSocket = "websocket";
    public const string Tcp = "tcp";

    /// <summary>Every transport, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Polling, LongPolling, Sse, WebSocket, Tcp];

    /// <summary>The raw-TCP floor every other transport is compared with.</summary>
    public const string Floor = Tcp;

    /// <summary>Transports that speak HTTP for every event (requests per event are meaningful).</summary>
    public static bool IsRequestPerBatch(string id) => id is Polling or LongPolling;

    public static bool IsKnown(string id) => All.Contains(id, StringComparer.Ordinal);

    /// <summary>Position in report order; unknown ids sort last.</summary>
    public static int OrderOf(string id)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return All.Count;
    }
}
