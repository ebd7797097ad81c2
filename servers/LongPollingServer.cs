using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Long polling after RFC 6202 §2: GET /long-poll?cursor=N is held until events after N exist, then answered
/// with all of them in one response; the client polls again at once. Every answer and cancellation case:
/// <list type="bullet">
/// <item>events after the cursor exist (now or while held): 200 with the batch, all queued events together;</item>
/// <item>the hold time passes with nothing to send: 200 with an empty batch (the client re-polls);</item>
/// <item>no cursor: 200, empty, with the current position in X-Cursor (the subscription starts there);</item>
/// <item>a malformed cursor: 400;</item>
/// <item>the server is shutting down: 204, the subscription has ended;</item>
/// <item>the client goes away while held or mid-response: nothing more is written, the abort is counted.</item>
/// </list>
/// The hold time is <see cref="TransportServerOptions.LongPollTimeout"/>, measured on
/// <see cref="TransportServerOptions.Time"/>; a client may ask for less with <c>?timeout=ms</c>, never more.
/// </summary>
public sealed class LongPollingServer(
    EventFeed feed,
    HttpCursor cursors,
    BatchResponse batches,
    ConnectionIncidents incidents,
    TransportServerOptions options,
    IHostApplicationLifetime lifetime)
    : HttpTransportServer(TransportIds.LongPolling, "GET; held until events after the cursor exist", "?cursor=0")
{
    public override async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await cursors.ReadBatchCursorAsync(context, Descriptor.Id).ConfigureAwait(false) is not { } after)
        {
            return;
        }

        var hold = options.LongPollTimeout;
        if (int.TryParse(context.Request.Query["timeout"], System.Globalization.CultureInfo.InvariantCulture, out var requestedMs) && requestedMs >= 0)
        {
            hold = TimeSpan.FromMilliseconds(Math.Min(requestedMs, hold.TotalMilliseconds));
        }

        var events = new List<FeedEvent>();
        using var holdTime = new CancellationTokenSource(hold, options.Time);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, holdTime.Token);
        try
        {
            await feed.ReadAfterAsync(after, events, options.MaxBatchEvents, held.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            incidents.ClientGone(Descriptor.Id);
            return;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        catch (OperationCanceledException)
        {
            // The hold time passed: an empty batch.
        }

        await batches.WriteAsync(context, Descriptor.Id, events).ConfigureAwait(false);
    }
}
