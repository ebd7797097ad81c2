using System.Globalization;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>Long polling: GET /long-poll?cursor=N, and again at once when it returns (RFC 6202 §2.2).</summary>
public sealed class LongPollingClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : HttpTransportClient(TransportIds.LongPolling, connections, sink, options)
{
    private readonly string? _holdQuery = options.LongPollHold is { } hold
        ? string.Create(CultureInfo.InvariantCulture, $"&timeout={(long)hold.TotalMilliseconds}")
        : null;

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var position = await SubscribeAsync(TransportPaths.LongPoll, cursor, cancellationToken).ConfigureAwait(false);
        while (await FetchBatchAsync(TransportPaths.LongPoll, NextCursor(position), _holdQuery, cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
