using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Polling: GET /poll?cursor=N answers at once with every event after N (200, possibly an empty batch).
/// Without a cursor: 200, empty, with the current position in X-Cursor. Malformed cursor: 400.
/// </summary>
public sealed class PollingServer(EventFeed feed, HttpCursor cursors, BatchResponse batches, TransportServerOptions options)
    : HttpTransportServer(TransportIds.Polling, "GET; answers at once with the events after the cursor", "?cursor=0")
{
    public override async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.PollingKeepAlive)
        {
            context.Response.Headers.Connection = "close";
        }

        if (await cursors.ReadBatchCursorAsync(context, Descriptor.Id).ConfigureAwait(false) is not { } after)
        {
            return;
        }

        var events = new List<FeedEvent>();
        feed.CopyAfter(after, events, options.MaxBatchEvents);
        await batches.WriteAsync(context, Descriptor.Id, events).ConfigureAwait(false);
    }
}
