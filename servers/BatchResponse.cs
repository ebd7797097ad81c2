using System.Buffers;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// A polling or long-polling answer: the events as one newline-delimited body with a Content-Length (no chunking),
/// compressed as a whole when the scenario compresses and the client accepts the coding.
/// A client that goes away mid-answer is counted as a client abort, not an error.
/// </summary>
public sealed class BatchResponse(ConnectionIncidents incidents, ScenarioWire wire)
{
    public async Task WriteAsync(HttpContext context, string transport, List<FeedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        var length = 0;
        foreach (var e in events)
        {
            length += EventBatch.EncodedLength(e.Message.Length);
        }

        context.Response.ContentType = EventBatch.ContentType;
        var writer = context.Response.BodyWriter;
        if (length > 0 && wire.CodingFor(context.Request) is { } coding)
        {
            var body = new ArrayBufferWriter<byte>(length);
            foreach (var e in events)
            {
                EventBatch.Write(body, e.Message.Span);
            }

            var compressed = ContentEncoder.Compress(coding, body.WrittenSpan);
            context.Response.Headers.ContentEncoding = coding;
            context.Response.ContentLength = compressed.Length;
            writer.Write(compressed);
        }
        else
        {
            context.Response.ContentLength = length;
            foreach (var e in events)
            {
                EventBatch.Write(writer, e.Message.Span);
            }
        }

        try
        {
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            incidents.ClientGone(transport);
        }
    }
}
