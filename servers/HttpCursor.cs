using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Where an HTTP subscription starts: the cursor a request carries (<c>?cursor=</c>, or Last-Event-ID for SSE) and
/// the X-Cursor header that tells the client the position it starts after.
/// </summary>
public sealed class HttpCursor(EventFeed feed, ConnectionIncidents incidents)
{
    /// <summary>The request's cursor (null: from now); answers 400 and returns false when it is malformed.</summary>
    public async ValueTask<(bool Ok, long? Cursor)> TryReadAsync(HttpContext context, string transport, bool allowLastEventId = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? text = context.Request.Query[TransportPaths.CursorQuery];
        // A reconnecting EventSource sends Last-Event-ID; an empty one carries nothing and must not hide ?cursor=.
        if (allowLastEventId && context.Request.Headers.TryGetValue(TransportPaths.LastEventIdHeader, out var lastEventId) && !string.IsNullOrEmpty(lastEventId))
        {
            text = lastEventId;
        }

        if (TransportPaths.TryParseCursor(text, out var cursor))
        {
            return (true, cursor);
        }

        await incidents.RefuseAsync(context, transport, HttpStatusCode.BadRequest, "the cursor must be a non-negative integer").ConfigureAwait(false);
        return (false, null);
    }

    /// <summary>Names the sequence the subscription starts after; set before the response's headers go out.</summary>
    public static void Announce(HttpResponse response, long after)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[TransportPaths.CursorHeader] = after.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// For a poll or long-poll: the cursor to answer after, or null when the request is answered already: 400 for a
    /// malformed cursor, and for none the subscribe answer (200, empty, the current position in X-Cursor).
    /// </summary>
    public async ValueTask<long?> ReadBatchCursorAsync(HttpContext context, string transport)
    {
        var (ok, cursor) = await TryReadAsync(context, transport).ConfigureAwait(false);
        if (ok && cursor is null)
        {
            Announce(context.Response, feed.LastSequence);
            context.Response.ContentLength = 0;
        }

        return cursor;
    }
}
