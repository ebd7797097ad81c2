using System.Diagnostics;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The broadcast feed every transport reads: events get consecutive sequences from 1 and stay in a bounded
/// history, so any subscriber can read "after cursor N" and resume after a drop. A subscriber that falls
/// further behind than the history sees a gap, which its client counts as lost events. At high rates the publisher
/// hands in every event due at once (<see cref="Publish(int, int)"/>): one lock, one array and one wake-up per batch.
/// </summary>
public sealed class EventFeed
{
    private readonly Lock _gate = new();
    private readonly FeedEvent[] _ring;
    private readonly long _maxBytes;
    private int _head;
    private int _count;
    private long _bytes;
    private long _last;
    private TaskCompletionSource _published = NewSignal();

    public EventFeed(TransportServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ring = new FeedEvent[Math.Max(16, options.HistoryEvents)];
        _maxBytes = Math.Max(EventMessage.MaxSize, options.HistoryBytes);
    }

    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>The most events one <see cref="Publish(int, int)"/> call takes (its messages share one array).</summary>
    public const int MaxBatch = 65536;

    /// <summary>Publishes an event whose message is <paramref name="payloadBytes"/> long.</summary>
    public FeedEvent Publish(int payloadBytes) => Publish(payloadBytes, 1);

    /// <summary>
    /// Publishes <paramref name="count"/> events (1..<see cref="MaxBatch"/>) of <paramref name="payloadBytes"/> each, with
    /// consecutive sequences and one publish timestamp, the instant they enter the feed; returns the last.
    /// </summary>
    public FeedEvent Publish(int payloadBytes, int count)
    {
        EventMessage.ValidateSize(payloadBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxBatch);
        var messages = new byte[checked(payloadBytes * count)];
        FeedEvent published = default;
        TaskCompletionSource signal;
        lock (_gate)
        {
            var timestamp = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var sequence = _last + 1;
                var message = messages.AsMemory(i * payloadBytes, payloadBytes);
                EventMessage.Write(message.Span, sequence, timestamp);
                published = new FeedEvent(sequence, timestamp, message);
                Append(published);
                _last = sequence;
            }

            signal = _published;
            _published = NewSignal();
        }

        signal.TrySetResult();
        return published;
    }

    /// <summary>Copies up to <paramref name="max"/> events with sequence &gt; <paramref name="cursor"/>.</summary>
    public int CopyAfter(long cursor, List<FeedEvent> destination, int max)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_gate)
        {
            var first = _last - _count + 1;
            // A cursor at or past the last event (even long.MaxValue, where + 1 would wrap) has nothing to read yet.
            var from = cursor >= _last ? _last + 1 : Math.Max(cursor + 1, first);
            var copied = 0;
            for (var sequence = from; sequence <= _last && copied < max; sequence++, copied++)
            {
                destination.Add(_ring[(_head + (int)(sequence - first)) % _ring.Length]);
            }

            return copied;
        }
    }

    /// <summary>
    /// Waits until events after <paramref name="cursor"/> exist and copies them (at most <paramref name="max"/>).
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async ValueTask<int> ReadAfterAsync(long cursor, List<FeedEvent> destination, int max, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                signal = _published.Task;
            }

            // Copy after taking the signal: a publish between the two completes the signal we hold.
            var copied = CopyAfter(cursor, destination, max);
            if (copied > 0)
            {
                return copied;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(FeedEvent published)
    {
        while (_count == _ring.Length || (_count > 0 && _bytes + published.Message.Length > _maxBytes))
        {
            var oldest = _ring[_head];
            _bytes -= oldest.Message.Length;
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
        }

        _ring[(_head + _count) % _ring.Length] = published;
        _count++;
        _bytes += published.Message.Length;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
