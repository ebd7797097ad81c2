using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Server-Sent Events: GET /sse answered as text/event-stream, one SSE event per event with id = sequence
/// (<see cref="SseFraming"/>). A client resumes with Last-Event-ID (or ?cursor= on a first connect); without
/// either it starts from now. Malformed Last-Event-ID: 400. The client going away ends the response; it is counted.
/// </summary>
public sealed class SseServer(HttpCursor cursors, StreamingSession session) : IHttpTransportServer
{
    public const string ContentType = "text/event-stream";

    public TransportDescriptor Descriptor { get; } = TransportIds.Get(TransportIds.Sse);

    public IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet(Descriptor.Path!, HandleAsync);

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) =>
        new(Descriptor.Id, new Uri(httpUri, Descriptor.Path).ToString(), "GET text/event-stream; resume with Last-Event-ID");

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ok, cursor) = await cursors.TryReadAsync(context, Descriptor.Id, allowLastEventId: true).ConfigureAwait(false);
        if (ok)
        {
            await session.RunAsync(new SseFraming(context), cursor).ConfigureAwait(false);
        }
    }
}
