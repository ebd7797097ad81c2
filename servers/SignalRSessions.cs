using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// One feed subscription per SignalR connection, sending through the hub context: the start position first, then
/// every event after it, one invocation each, awaiting each send (the connection's backpressure). It ends when the
/// connection disconnects or the server stops. A per-connection stream rather than one <c>Clients.All</c> broadcast,
/// so a connection resumes from its own cursor without a gap between backlog and live events.
/// </summary>
public sealed class SignalRSessions(IHubContext<EventHub> hub, EventFeed feed, TransportServerOptions options, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _open = new(StringComparer.Ordinal);

    public void Open(string connectionId, long? cursor)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        if (!_open.TryAdd(connectionId, stop))
        {
            stop.Dispose();
            return;
        }

        // Fix the starting point before the client hears of it: once it has, it is subscribed.
        var after = cursor ?? feed.LastSequence;
        _ = StreamAsync(connectionId, after, stop.Token);
    }

    public void Close(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var stop))
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    private async Task StreamAsync(string connectionId, long after, CancellationToken cancellationToken)
    {
        var client = hub.Clients.Client(connectionId);
        var waiting = new List<FeedEvent>();
        try
        {
            await client.SendAsync(SignalRFrames.CursorTarget, after, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                waiting.Clear();
                await feed.ReadAfterAsync(after, waiting, options.MaxBatchEvents, cancellationToken).ConfigureAwait(false);
                foreach (var e in waiting)
                {
                    // Event messages are ASCII (base64url and padding): the string's JSON is the same bytes, unescaped.
                    await client.SendAsync(SignalRFrames.EventTarget, Encoding.ASCII.GetString(e.Message.Span), cancellationToken).ConfigureAwait(false);
                }

                after = waiting[^1].Sequence;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection went away or the server stopped; the client resumes from its cursor.
        }
    }
}
