using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Server-Sent Events: GET /sse answered as text/event-stream, one SSE event per event with id = sequence
/// (written by <see cref="SseFormatter"/>, which flushes each event: one HTTP chunk per event). A client
/// resumes with Last-Event-ID (or ?cursor= on a first connect); without either it starts from now.
/// Malformed Last-Event-ID: 400. The client going away ends the response; it is counted.
/// </summary>
public sealed class SseServer(EventFeed feed, HttpExchange exchange, TransportServerOptions options, IHostApplicationLifetime lifetime)
{
    public const string ContentType = "text/event-stream";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ok, cursor) = await exchange.TryReadCursorAsync(context, TransportIds.Sse, allowLastEventId: true).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        // Fix the starting point before the headers go out: once the client sees them it is subscribed.
        var after = cursor ?? feed.LastSequence;
        context.Response.Headers[TransportPaths.CursorHeader] = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        await exchange.RespondAsync(context, TransportIds.Sse, async () =>
        {
            try
            {
                await context.Response.StartAsync(stream.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stream.Token).ConfigureAwait(false);
                await SseFormatter.WriteAsync(
                    ReadAsync(after, stream.Token),
                    context.Response.Body,
                    static (item, writer) => writer.Write(item.Data.Message.Span),
                    stream.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                // Shutting down: the stream ends and the client reconnects elsewhere with Last-Event-ID.
            }
        }).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<SseItem<FeedEvent>> ReadAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in feed.SubscribeAsync(after, options.MaxBatchEvents, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<FeedEvent>(e) { EventId = e.Id };
        }
    }
}
