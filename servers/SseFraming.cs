using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// SSE's framing: X-Cursor and the event-stream headers flushed at once, then each event as
/// <see cref="SseEventFrame"/> (data and id lines) with one flush per write: one HTTP chunk. Upstream goes by
/// POST /publish, never on this stream; the response ends when the session does.
/// </summary>
public sealed class SseFraming(HttpContext context) : IStreamFraming
{
    public string Transport => TransportIds.Sse;

    public CancellationToken ConnectionClosed => context.RequestAborted;

    /// <summary>A response has no goodbye: a client that closes mid-stream went away.</summary>
    public bool ClosingIsAbort => true;

    public async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        HttpCursor.Announce(context.Response, after);
        context.Response.ContentType = SseServer.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        var writer = context.Response.BodyWriter;
        foreach (var e in events)
        {
            SseEventFrame.Write(writer, e.Message.Span, e.Sequence);
        }

        var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !flushed.IsCompleted;
    }

    public async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
    {
        // Nothing arrives on this stream: it ends with the session.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return UpstreamEnd.Goodbye;
    }

    public Task CloseAsync(UpstreamEnd? ending) => Task.CompletedTask;
}
