using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Server-Sent Events: GET /sse answered as text/event-stream, one SSE event per event with id = sequence
/// (<see cref="SseFraming"/>). A client resumes with Last-Event-ID (or ?cursor= on a first connect); without
/// either it starts from now. Malformed Last-Event-ID: 400. The client going away ends the response; it is counted.
/// </summary>
public sealed class SseServer(HttpCursor cursors, StreamingSession session, ScenarioWire wire)
    : HttpTransportServer(TransportIds.Sse, "GET text/event-stream; resume with Last-Event-ID")
{
    public const string ContentType = "text/event-stream";

    public override async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ok, cursor) = await cursors.TryReadAsync(context, Descriptor.Id, allowLastEventId: true).ConfigureAwait(false);
        if (ok)
        {
            await session.RunAsync(new SseFraming(context, wire.CodingFor(context.Request)), cursor).ConfigureAwait(false);
        }
    }
}
