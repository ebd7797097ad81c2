using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// A polling or long-polling answer: the events as one newline-delimited body with a Content-Length (no chunking).
/// A client that goes away mid-answer is counted as a client abort, not an error.
/// </summary>
public sealed class BatchResponse(ConnectionIncidents incidents)
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
        context.Response.ContentLength = length;
        var writer = context.Response.BodyWriter;
        foreach (var e in events)
        {
            EventBatch.Write(writer, e.Message.Span);
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
