using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// SSE's framing: X-Cursor and the event-stream headers flushed at once, then each event as
/// <see cref="SseEventFrame"/> (data and id lines) with one flush per write: one HTTP chunk. Upstream goes by
/// POST /publish, never on this stream; the response ends when the session does.
/// A response has no goodbye: a client that closes mid-stream went away.
/// </summary>
public sealed class SseFraming(HttpContext context) : StreamFraming(TransportIds.Sse, closingIsAbort: true, context.RequestAborted)
{
    public override async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        HttpCursor.Announce(context.Response, after);
        context.Response.ContentType = SseServer.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken) =>
        WriteFramesAsync(context.Response.BodyWriter, events, Frame, cancellationToken);

    /// <summary>One event as SSE writes it: data and id lines (<see cref="SseEventFrame"/>).</summary>
    public static void Frame(PipeWriter output, FeedEvent e) => SseEventFrame.Write(output, e.Message.Span, e.Sequence);

    public override async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
    {
        // Nothing arrives on this stream: it ends with the session.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return UpstreamEnd.Goodbye;
    }
}
