using System.Text;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The one subscription a STOMP connection may hold, and the messages it has not acknowledged yet. Events wait while
/// there is no subscription (they are sent when the client subscribes: nothing after the connection's cursor is
/// skipped), and, in the client ack modes, while <see cref="MaxUnacknowledged"/> messages await an ACK or NACK
/// (flow control, like a broker's prefetch). ACK in <c>client</c> mode acknowledges every message up to the one
/// named, in <c>client-individual</c> mode that one alone. A NACKed message is not sent again: the feed is a
/// broadcast topic with no other consumer to hand it to; the NACK frees its place, and a client that wants it resumes
/// from its cursor. Messages unacknowledged when the connection ends are forgotten the same way.
/// </summary>
public sealed class StompSubscription
{
    /// <summary>Messages sent and not yet acknowledged, at most, before delivery waits.</summary>
    public const int MaxUnacknowledged = 1024;

    private readonly Lock _gate = new();
    private readonly SortedSet<long> _unacknowledged = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StompSubscriber? _current;

    /// <summary>Starts the subscription; false when there is one already (one per connection).</summary>
    public bool TrySubscribe(string id, string ackMode)
    {
        lock (_gate)
        {
            if (_current is not null)
            {
                return false;
            }

            _current = new StompSubscriber(id, Encoding.UTF8.GetBytes(StompHeaders.Escape(id)), ackMode != StompHeaders.AckAuto, ackMode == StompHeaders.AckClient);
            _unacknowledged.Clear();
            Signal();
            return true;
        }
    }

    /// <summary>Ends the subscription named <paramref name="id"/>; false when there is no such subscription.</summary>
    public bool TryUnsubscribe(string id)
    {
        lock (_gate)
        {
            if (_current?.Id != id)
            {
                return false;
            }

            _current = null;
            _unacknowledged.Clear();
            Signal();
            return true;
        }
    }

    /// <summary>Waits until an event may go out: a subscription exists and its acknowledgement window has room.</summary>
    public async ValueTask<StompSubscriber> WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_current is { } subscriber && (!subscriber.Acknowledges || _unacknowledged.Count < MaxUnacknowledged))
                {
                    return subscriber;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records that <paramref name="sequence"/> went to <paramref name="subscriber"/>; false when it is no longer the subscription.</summary>
    public bool Sent(StompSubscriber subscriber, long sequence)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(subscriber, _current))
            {
                return false;
            }

            if (subscriber.Acknowledges)
            {
                _unacknowledged.Add(sequence);
            }

            return true;
        }
    }

    /// <summary>An ACK or NACK of message <paramref name="id"/>; false when no message of that id awaits one.</summary>
    public bool TryAcknowledge(string id)
    {
        lock (_gate)
        {
            if (_current is not { Acknowledges: true } subscriber || !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) || !_unacknowledged.Contains(sequence))
            {
                return false;
            }

            if (subscriber.Cumulative)
            {
                _unacknowledged.RemoveWhere(s => s <= sequence);
            }
            else
            {
                _unacknowledged.Remove(sequence);
            }

            Signal();
            return true;
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}

/// <summary>One subscription: its id (and the id escaped, as MESSAGE frames carry it) and how it acknowledges.</summary>
public sealed record StompSubscriber(string Id, byte[] EscapedId, bool Acknowledges, bool Cumulative);
