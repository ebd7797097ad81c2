using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;

namespace Transports.Servers;

/// <summary>
/// One streaming subscription, the same for every streaming transport (SSE, WebSocket, tcp): fix the starting
/// point, tell the client, send every event after it while taking upstream, and end when either side does.
/// Every way it ends:
/// <list type="bullet">
/// <item>the client says goodbye (close frame, TCP FIN): the send loop is cancelled, the stream closed, nothing counted;</item>
/// <item>the client sends what is refused (too big, not an event message): counted as rejected, then the stream closes;</item>
/// <item>the client goes away without a goodbye, or its connection fails: counted as a client abort;</item>
/// <item>the server stops: both loops are cancelled, nothing counted (the client resumes elsewhere from its cursor).</item>
/// </list>
/// Model: aspnetcore's <c>WebSocketsServerTransport.ProcessSocketAsync</c> (send and receive joined with WhenAny).
/// </summary>
public sealed class StreamingSession(EventFeed feed, ConnectionIncidents incidents, TransportServerOptions options, WriteCoalescing coalescing, IHostApplicationLifetime lifetime)
{
    public async Task RunAsync(StreamFraming framing, long? cursor)
    {
        ArgumentNullException.ThrowIfNull(framing);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(framing.ConnectionClosed, lifetime.ApplicationStopping);
        Task<UpstreamEnd>? receive = null;
        var stoppedTaking = false;
        try
        {
            // Fix the starting point before the client hears of it: once it has, it is subscribed.
            var after = cursor ?? feed.LastSequence;
            await framing.OpenAsync(after, session.Token).ConfigureAwait(false);
            var send = SendAsync(framing, after, session.Token);
            receive = framing.ReceiveAsync(session.Token);
            var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
            UpstreamEnd? end = first == receive && receive.IsCompletedSuccessfully ? await receive.ConfigureAwait(false) : null;

            // The stream took no more (its output completed) before anything ended the session: the peer did, and its
            // closing token may not have fired yet.
            stoppedTaking = first == send && send.IsCompletedSuccessfully;
            await session.CancelAsync().ConfigureAwait(false);
            if (end is { IsRefusal: true } refused)
            {
                incidents.Rejected(framing.Transport, refused.Reason);
            }

            await framing.CloseAsync(end).ConfigureAwait(false);
            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException)
        {
            // After a goodbye or a refusal the rest is our own cancellation; otherwise a failed connection, or one
            // closed where the protocol has a goodbye, is a client that went away.
            var clientGone = e is not OperationCanceledException || (framing.ClosingIsAbort && (stoppedTaking || framing.ConnectionClosed.IsCancellationRequested));
            if (receive is not { IsCompletedSuccessfully: true } && clientGone)
            {
                incidents.ClientGone(framing.Transport);
            }
        }
    }

    /// <summary>Every event after <paramref name="after"/>, as it is published, until the stream takes no more or the session ends.</summary>
    private async Task SendAsync(StreamFraming framing, long after, CancellationToken cancellationToken)
    {
        var waiting = new List<FeedEvent>();
        var one = new FeedEvent[1];
        while (true)
        {
            waiting.Clear();
            await feed.ReadAfterAsync(after, waiting, options.MaxBatchEvents, cancellationToken).ConfigureAwait(false);
            if (coalescing.Enabled)
            {
                if (!await framing.WriteAsync(waiting, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            else
            {
                // One event per flush: each goes out as if it had been the only one waiting.
                foreach (var e in waiting)
                {
                    one[0] = e;
                    if (!await framing.WriteAsync(one, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }

            after = waiting[^1].Sequence;
        }
    }
}
