using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>What the HTTP transports share: reading the cursor, refusing bad input, counting aborts.</summary>
public sealed class HttpExchange(EventFeed feed, ServerWireStats stats, ILogger<HttpExchange> logger)
{
    /// <summary>The cursor from <c>?cursor=</c> (or, for SSE, Last-Event-ID); writes 400 and returns false when malformed.</summary>
    public async ValueTask<(bool Ok, long? Cursor)> TryReadCursorAsync(HttpContext context, string transport, bool allowLastEventId = false)
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

        await RejectAsync(context, transport, HttpStatusCode.BadRequest, "the cursor must be a non-negative integer").ConfigureAwait(false);
        return (false, null);
    }

    /// <summary>Answers a request that carried no cursor: 200, empty batch, the current position in X-Cursor.</summary>
    public Task WriteSubscribedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[TransportPaths.CursorHeader] = feed.LastSequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Writes events as one newline-delimited batch with a Content-Length (no chunking).</summary>
    public static async Task WriteBatchAsync(HttpContext context, List<FeedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        var length = 0;
        foreach (var e in events)
        {
            length += EventBatch.EncodedLength(e.Message.Length);
        }

        context.Response.ContentType = EventBatch.ContentType;
        context.Response.ContentLength = length;
        var writer = context.Response.BodyWriter;
        foreach (var e in events)
        {
            EventBatch.Write(writer, e.Message.Span);
        }

        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public async Task RejectAsync(HttpContext context, string transport, HttpStatusCode status, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        CountRejected(transport, reason);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Counts input refused as malformed or oversized (the caller answers it).</summary>
    public void CountRejected(string transport, string reason)
    {
        stats.AddRejected();
        ServerLog.Rejected(logger, transport, reason);
    }

    /// <summary>Runs a response; a client that goes away mid-response is counted as an abort, not an error.</summary>
    public async Task RespondAsync(HttpContext context, string transport, Func<Task> respond)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(respond);
        try
        {
            await respond().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            ClientAborted(transport);
        }
    }

    public void ClientAborted(string transport)
    {
        stats.AddClientAbort();
        ServerLog.ClientAborted(logger, transport);
    }
}
