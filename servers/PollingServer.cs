using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Polling: GET /poll?cursor=N answers at once with every event after N (200, possibly an empty batch).
/// Without a cursor: 200, empty, with the current position in X-Cursor. Malformed cursor: 400.
/// </summary>
public sealed class PollingServer(EventFeed feed, HttpCursor cursors, BatchResponse batches, TransportServerOptions options) : IHttpTransportServer
{
    public TransportDescriptor Descriptor { get; } = TransportIds.Get(TransportIds.Polling);

    public IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet(Descriptor.Path!, HandleAsync);

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) =>
        new(Descriptor.Id, new Uri(httpUri, Descriptor.Path + "?cursor=0").ToString(), "GET; answers at once with the events after the cursor");

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ok, cursor) = await cursors.TryReadAsync(context, Descriptor.Id).ConfigureAwait(false);
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
            cursors.AnswerSubscribe(context);
            return;
        }

        var events = new List<FeedEvent>();
        feed.CopyAfter(after, events, options.MaxBatchEvents);
        await batches.WriteAsync(context, Descriptor.Id, events).ConfigureAwait(false);
    }
}
