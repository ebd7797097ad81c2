using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Server-Sent Events: one GET /sse read with <see cref="SseEventReader"/> (no allocation per event); after a reconnect
/// the cursor goes back as Last-Event-ID so nothing is lost.
/// </summary>
public sealed class SseClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : HttpTransportClient(TransportIds.Sse, connections, sink, options)
{
    private readonly SseEventReader _events = new(options.MaxMessageBytes);

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TransportPaths.Sse);
        request.Options.Set(RequestHeadersHandler.KindKey, HttpRequestKind.EventSource);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (cursor is { } lastEventId)
        {
            request.Headers.Add(TransportPaths.LastEventIdHeader, lastEventId.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidDataException($"sse: expected text/event-stream, got {response.Content.Headers.ContentType}.");
        }

        Subscribed(cursor ?? TransportPaths.CursorFromHeader(response.Headers.TryGetValues(TransportPaths.CursorHeader, out var values) ? values : null));
        // A compressed stream is flushed by the server after every event: each decodes as soon as it arrives.
        using var stream = ContentDecoding.Decode(response.Content, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));

        // Every whole event of what arrived, then one read for more; the response ending ends the subscription.
        _events.Clear();
        do
        {
            while (_events.TryTake(out var data))
            {
                Deliver(data.Span, Stopwatch.GetTimestamp());
            }
        }
        while (await _events.ReadAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
