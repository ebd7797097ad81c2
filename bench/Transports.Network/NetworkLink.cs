namespace Transports.Network;

/// <summary>
/// One direction of the emulated path, as netem and Toxiproxy model it: a FIFO bottleneck that serializes bytes
/// at the bandwidth (a chunk of n bytes holds the link for n·8/bps seconds after the previous chunk finished),
/// then the one-way delay ± jitter. Each chunk's delivery time is computed once, when it arrives, from the
/// injected <see cref="TimeProvider"/>; its bytes then wait in their connection's <see cref="LinkFlow"/>.
/// </summary>
/// <remarks>
/// The bottleneck is shared by every connection of this direction, like one interface: N clients split the
/// bandwidth and queue behind each other, which is what a slow access link does to a broadcast. A queue per
/// connection would hand each client the whole bandwidth and hide exactly the cost of headers and fan-out that
/// a bandwidth sweep is meant to show.
/// A connection's bytes are never reordered: a chunk is delivered no earlier than the previous chunk of the same
/// connection, even when its jitter draw is smaller (counted in <see cref="LinkCounters.HeldForOrder"/>).
/// Jitter draws come from one <see cref="Random"/> seeded by the caller: the same seed gives the same sequence of
/// draws, handed out in the order chunks arrive.
/// Times are exact in the provider's timestamp units; serialization rounds up to one unit per chunk.
/// </remarks>
public sealed class NetworkLink
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _delay;
    private readonly long _jitter;
    private readonly long? _bitsPerSecond;

    /// <summary>Chunks not yet fully serialized: (finish timestamp, bytes), in FIFO order.</summary>
    private readonly Queue<(long FinishedAt, int Bytes)> _bottleneck = new();
    private long _queuedBytes;
    private long _linkFreeAt = long.MinValue;

    /// <summary>Bytes accepted and neither delivered nor discarded yet; live, never reset (unlike the counters).</summary>
    private long _onTheWay;

    private long _bytes;
    private long _chunks;
    private long _deliveredBytes;
    private long _discardedBytes;
    private long _peakQueuedBytes;
    private long _peakQueueingDelay;
    private long _totalQueueingDelay;
    private long _heldForOrder;
    private long _backpressureWaits;
    private long _backpressureTime;
    private long _deliveredChunks;
    private long _peakLateness;
    private long _totalLateness;

    /// <param name="conditions">This direction's delay, jitter and bandwidth.</param>
    /// <param name="time">The clock every schedule is taken from and waited on.</param>
    /// <param name="seed">Seeds the jitter draws; record it to replay a run.</param>
    /// <param name="maxQueuedBytes">
    /// Above this many bytes at the bottleneck, senders stop reading (their TCP windows then close) until the queue
    /// has drained below it, instead of the relay holding unbounded memory. A sender may overshoot it by one read.
    /// </param>
    public NetworkLink(LinkConditions conditions, TimeProvider time, int seed, long maxQueuedBytes = DefaultMaxQueuedBytes)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedBytes, 1);
        Conditions = conditions;
        _time = time;
        _random = new Random(seed);
        _delay = ToTimestamp(conditions.Delay);
        _jitter = ToTimestamp(conditions.Jitter);
        _bitsPerSecond = conditions.BandwidthBitsPerSecond;
        MaxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>4 MiB: a few bandwidth-delay products of the slowest preset, a fraction of a second of the fastest.</summary>
    public const long DefaultMaxQueuedBytes = 4 << 20;

    public LinkConditions Conditions { get; }

    public long MaxQueuedBytes { get; }

    /// <summary>
    /// Bytes on this direction of the path right now: accepted from senders, not yet handed over (or discarded). Not
    /// touched by <see cref="ResetCounters"/>, so a harness can wait for an instant when nothing is on the way.
    /// </summary>
    public long OnTheWayBytes
    {
        get
        {
            lock (_gate)
            {
                return _onTheWay;
            }
        }
    }

    internal TimeProvider Time => _time;

    public LinkCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new LinkCounters(
                    _bytes,
                    _chunks,
                    _deliveredBytes,
                    _discardedBytes,
                    _peakQueuedBytes,
                    ToTimeSpan(_peakQueueingDelay),
                    _chunks == 0 ? TimeSpan.Zero : ToTimeSpan(_totalQueueingDelay / _chunks),
                    _heldForOrder,
                    _backpressureWaits,
                    ToTimeSpan(_backpressureTime),
                    _deliveredChunks,
                    ToTimeSpan(_peakLateness),
                    _deliveredChunks == 0 ? TimeSpan.Zero : ToTimeSpan(_totalLateness / _deliveredChunks));
            }
        }
    }

    /// <summary>A connection's lane on this link: its bytes keep their order and share this link's bottleneck.</summary>
    public LinkFlow OpenFlow(long maxHeldBytes = LinkFlow.DefaultMaxHeldBytes) => new(this, maxHeldBytes);

    /// <summary>
    /// Zeroes totals and peaks (after a warm-up, say). Bytes already on the way are still delivered, and then
    /// counted as delivered, so <see cref="LinkCounters.InFlightBytes"/> may dip below zero right after a reset.
    /// </summary>
    public void ResetCounters()
    {
        lock (_gate)
        {
            _bytes = _chunks = _deliveredBytes = _discardedBytes = _peakQueuedBytes = 0;
            _peakQueueingDelay = _totalQueueingDelay = _heldForOrder = _backpressureWaits = _backpressureTime = 0;
            _deliveredChunks = _peakLateness = _totalLateness = 0;
        }
    }

    /// <summary>
    /// Places a chunk of <paramref name="bytes"/> (0 for the end of the stream, which takes no link time) that
    /// arrives now on <paramref name="flow"/>.
    /// </summary>
    internal LinkSchedule Schedule(LinkFlow flow, int bytes)
    {
        lock (_gate)
        {
            var arrivedAt = _time.GetTimestamp();
            Drain(arrivedAt);
            var startedAt = Math.Max(_linkFreeAt, arrivedAt);
            var finishedAt = startedAt + SerializationTime(bytes);
            _linkFreeAt = finishedAt;
            if (finishedAt > arrivedAt && bytes > 0)
            {
                _bottleneck.Enqueue((finishedAt, bytes));
                _queuedBytes += bytes;
                _peakQueuedBytes = Math.Max(_peakQueuedBytes, _queuedBytes);
            }

            var natural = finishedAt + _delay + DrawJitter();
            var deliverAt = Math.Max(natural, flow.LastDeliverAt);
            flow.LastDeliverAt = deliverAt;
            if (bytes > 0)
            {
                _onTheWay += bytes;
                _bytes += bytes;
                _chunks++;
                _heldForOrder += deliverAt > natural ? 1 : 0;
                _peakQueueingDelay = Math.Max(_peakQueueingDelay, startedAt - arrivedAt);
                _totalQueueingDelay += startedAt - arrivedAt;
            }

            return new LinkSchedule(arrivedAt, startedAt, finishedAt, deliverAt);
        }
    }

    /// <summary>When the bottleneck will have drained to at most <see cref="MaxQueuedBytes"/>; now or earlier if it has.</summary>
    internal long RoomAt()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Drain(now);
            var excess = _queuedBytes - MaxQueuedBytes;
            foreach (var (finishedAt, bytes) in _bottleneck)
            {
                if (excess <= 0)
                {
                    break;
                }

                excess -= bytes;
                if (excess <= 0)
                {
                    return finishedAt;
                }
            }

            return now;
        }
    }

    /// <summary>A chunk scheduled for <paramref name="deliverAt"/> is handed to its receiver now.</summary>
    internal void CountDelivered(int bytes, long deliverAt)
    {
        lock (_gate)
        {
            var lateness = Math.Max(0, _time.GetTimestamp() - deliverAt);
            _onTheWay -= bytes;
            _deliveredBytes += bytes;
            _deliveredChunks++;
            _peakLateness = Math.Max(_peakLateness, lateness);
            _totalLateness += lateness;
        }
    }

    internal void CountDiscarded(long bytes)
    {
        lock (_gate)
        {
            _onTheWay -= bytes;
            _discardedBytes += bytes;
        }
    }

    internal void CountBackpressure(long waited)
    {
        lock (_gate)
        {
            _backpressureWaits++;
            _backpressureTime += waited;
        }
    }

    /// <summary>
    /// Waits on this link's clock until <paramref name="timestamp"/>; never returns early. The timer is asked for
    /// the exact wait (Task.Delay would cut it to whole milliseconds); a timer that fires early anyway, as the
    /// system's do, is not asked for less than <see cref="MinimumRewait"/> again, so the wait cannot spin.
    /// </summary>
    internal async ValueTask WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var woken = false;
        while (_time.GetTimestamp() is var now && now < timestamp)
        {
            var wait = ToTimeSpanCeiling(timestamp - now);
            await DelayAsync(woken && wait < MinimumRewait ? MinimumRewait : wait, cancellationToken);
            woken = true;
        }
    }

    internal long ToTimestamp(TimeSpan span) => (long)((Int128)span.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    internal TimeSpan ToTimeSpan(long timestamps) => TimeSpan.FromTicks((long)((Int128)timestamps * TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    /// <summary>The shortest wait asked for after a timer fired early: the system timers' resolution.</summary>
    private static readonly TimeSpan MinimumRewait = TimeSpan.FromMilliseconds(1);

    private async Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var elapsed = new TaskCompletionSource();
        using var timer = _time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed, wait, Timeout.InfiniteTimeSpan);
        using var cancellation = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), elapsed);
        await elapsed.Task;
    }

    private TimeSpan ToTimeSpanCeiling(long timestamps)
    {
        var scaled = (Int128)timestamps * TimeSpan.TicksPerSecond;
        var ticks = scaled / _time.TimestampFrequency + (scaled % _time.TimestampFrequency == 0 ? 0 : 1);
        return TimeSpan.FromTicks((long)ticks);
    }

    private long SerializationTime(int bytes)
    {
        if (_bitsPerSecond is not { } bps || bytes == 0)
        {
            return 0;
        }

        var scaled = (Int128)bytes * 8 * _time.TimestampFrequency;
        return (long)(scaled / bps + (scaled % bps == 0 ? 0 : 1));
    }

    private void Drain(long now)
    {
        while (_bottleneck.TryPeek(out var head) && head.FinishedAt <= now)
        {
            _bottleneck.Dequeue();
            _queuedBytes -= head.Bytes;
        }
    }

    private long DrawJitter()
    {
        if (_jitter == 0)
        {
            return 0;
        }

        if (Conditions.Distribution == JitterDistribution.Uniform)
        {
            return _random.NextInt64(-_jitter, _jitter + 1);
        }

        while (true)
        {
            // Box–Muller; 1 − NextDouble() keeps the logarithm's argument above zero.
            var radius = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble()));
            var draw = Math.Round(radius * Math.Cos(2 * Math.PI * _random.NextDouble()) * _jitter / 2);
            if (Math.Abs(draw) <= _jitter)
            {
                return (long)draw;
            }
        }
    }
}
