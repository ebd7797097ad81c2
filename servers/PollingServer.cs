using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Polling: GET /poll?cursor=N answers at once with every event after N (200, possibly an empty batch).
/// Without a cursor: 200, empty, with the current position in X-Cursor. Malformed cursor: 400.
/// </summary>
public sealed class PollingServer(EventFeed feed, HttpExchange exchange, TransportServerOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ok, cursor) = await exchange.TryReadCursorAsync(context, TransportIds.Polling).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        if (!options.PollingKeepAlive)
        {
            context.Response.Headers.Connection = "close";
        }

        if (cursor is not { } after)
        {
            await exchange.WriteSubscribedAsync(context).ConfigureAwait(false);
            return;
        }

        var events = new List<FeedEvent>();
        feed.CopyAfter(after, events, options.MaxBatchEvents);
        await exchange.RespondAsync(context, TransportIds.Polling, () => HttpExchange.WriteBatchAsync(context, events)).ConfigureAwait(false);
    }
}
