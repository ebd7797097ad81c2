using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// SSE's framing: X-Cursor and the event-stream headers flushed at once, then each event as
/// <see cref="SseEventFrame"/> (data and id lines) with one flush per write: one HTTP chunk. Upstream goes by
/// POST /publish, never on this stream; the response ends when the session does.
/// Compressed (<paramref name="coding"/>, when the scenario compresses and the client accepts it), the stream is one
/// gzip or zlib stream flushed after every write (a sync flush: the compressed bytes so far and an empty stored block),
/// so each event still leaves at once and decodes as soon as it arrives; the compressor keeps its window across events.
/// A response has no goodbye: a client that closes mid-stream went away.
/// </summary>
public sealed class SseFraming(HttpContext context, string? coding = null) : StreamFraming(TransportIds.Sse, closingIsAbort: true, context.RequestAborted)
{
    private readonly ArrayBufferWriter<byte>? _frames = coding is null ? null : new ArrayBufferWriter<byte>();
    private Stream? _compressor;

    public override async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        HttpCursor.Announce(context.Response, after);
        context.Response.ContentType = SseServer.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        if (coding is not null)
        {
            context.Response.Headers.ContentEncoding = coding;
            _compressor = ContentEncoder.Create(coding, context.Response.Body);
        }

        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        if (_compressor is null || _frames is null)
        {
            return await WriteFramesAsync(context.Response.BodyWriter, events, Frame, cancellationToken).ConfigureAwait(false);
        }

        _frames.ResetWrittenCount();
        foreach (var e in events)
        {
            SseEventFrame.Write(_frames, e.Message.Span, e.Sequence);
        }

        await _compressor.WriteAsync(_frames.WrittenMemory, cancellationToken).ConfigureAwait(false);
        // One write of the compressed bytes, then the response's flush: one chunk per flush, as uncompressed.
        await _compressor.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !context.RequestAborted.IsCancellationRequested;
    }

    /// <summary>One event as SSE writes it: data and id lines (<see cref="SseEventFrame"/>).</summary>
    public static void Frame(PipeWriter output, FeedEvent e) => SseEventFrame.Write(output, e.Message.Span, e.Sequence);

    public override async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
    {
        // Nothing arrives on this stream: it ends with the session.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return UpstreamEnd.Goodbye;
    }

    /// <summary>Ends a compressed stream with its final block and trailer.</summary>
    public override async Task CloseAsync(UpstreamEnd? ending)
    {
        if (_compressor is not null)
        {
            try
            {
                await _compressor.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The client is gone: there is no one left to finish the stream for.
            }
        }
    }
}
