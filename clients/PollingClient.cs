using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Polling: GET /poll?cursor=N every <see cref="ClientOptions.PollInterval"/>, on a fixed schedule that starts
/// <see cref="ClientOptions.PollPhase"/> after the subscription, timed by <see cref="ClientOptions.Time"/>. Closing
/// takes effect between polls: a poll in flight completes (bounded), so no answer is left half read and the
/// client's byte count matches the server's.
/// </summary>
public sealed class PollingClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : HttpTransportClient(TransportIds.Polling, connections, sink, options)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var position = await SubscribeAsync(TransportPaths.Poll, cursor, cancellationToken).ConfigureAwait(false);
        if (Options.PollPhase > TimeSpan.Zero)
        {
            await Task.Delay(Options.PollPhase, Options.Time, cancellationToken).ConfigureAwait(false);
        }

        using var timer = new PeriodicTimer(Options.PollInterval, Options.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            using var poll = new CancellationTokenSource(PollTimeout, Options.Time);
            if (!await FetchBatchAsync(TransportPaths.Poll, NextCursor(position), null, poll.Token).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
