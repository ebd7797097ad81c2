using Transports.Contract;

namespace Transports.Charts;

/// <summary>How transports are named on a slide; the ids stay the keys everywhere else.</summary>
public static class TransportNames
{
    public static string Display(string id) => id switch
    {
        TransportIds.Polling => "Polling",
        TransportIds.LongPolling => "Long polling",
        TransportIds.Sse => "SSE",
        TransportIds.WebSocket => "WebSocket",
        TransportIds.Tcp => "TCP floor",
        _ => id,
    };
}
