using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// One client's measurements, fed by its receive loop (one writer): delivery from sequence numbers and the
/// latency of every event in the armed window. Recording is a few compares and two array stores: no lock,
/// no allocation (see the micro-benchmark "record one event"). With a <see cref="DropClock"/> (a run with forced
/// disconnects), the events that straddle a drop also get a latency record of their own.
/// </summary>
public sealed class ClientRecorder : IEventSink
{
    private readonly LatencySamples _latency = new(16);
    private readonly LatencySamples _afterDrop = new(1);
    private readonly List<int> _windowMarks = [];
    private readonly DropClock? _drops;
    private byte[] _seen = [];
    private long _base;
    private long _highest;
    private long _maxSequence = -1;
    private long _dropSeen;
    private long _firstAfterDrop;
    private bool _armed;
    private ClockOffset _clock = ClockOffset.None;
    private long _connectStarted;
    private long _subscribedAt;
    private long? _firstLatencyTicks;

    public ClientRecorder(WireCounter counter, DropClock? drops = null)
    {
        Counter = counter;
        _drops = drops;
    }

    /// <summary>This client's bytes, connections and requests, counted at its sockets.</summary>
    public WireCounter Counter { get; }

    /// <summary>Bytes both ways from connect until the subscription opened (handshake, subscribe exchange).</summary>
    public long SetupBytes { get; private set; }

    public void OnSubscribed()
    {
        SetupBytes = Counter.Snapshot().Bytes;
        _subscribedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Marks when this client began to connect (before any attempt, failed ones included).</summary>
    public void ConnectStarting() => _connectStarted = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>
    /// How long until this client could see its first event: from the start of connecting until its subscription
    /// opened (failed attempts included), plus the latency of the first event it received. Null before any event.
    /// </summary>
    public double? TimeToFirstEventMs => _firstLatencyTicks is { } latency && _connectStarted > 0 && _subscribedAt >= _connectStarted
        ? (_subscribedAt - _connectStarted + latency) * 1000.0 / System.Diagnostics.Stopwatch.Frequency
        : null;

    public long Received { get; private set; }
    public long Delivered { get; private set; }
    public long Duplicates { get; private set; }
    public long OutOfOrder { get; private set; }
    public long OutOfRange { get; private set; }
    public long PayloadBytes { get; private set; }

    /// <summary>The highest sequence received so far, armed or not (the harness drains on it).</summary>
    public long MaxSequence => Volatile.Read(ref _maxSequence);

    public LatencySamples Latency => _latency;

    /// <summary>
    /// Latency of the events that straddled a drop: published before this client's first delivery after the drop,
    /// delivered after the drop. Empty without a <see cref="DropClock"/>.
    /// </summary>
    public LatencySamples AfterDropLatency => _afterDrop;

    /// <summary>Sample counts at each window boundary (for per-window latency).</summary>
    public IReadOnlyList<int> WindowMarks => _windowMarks;

    /// <summary>
    /// Starts the measured window: events after <paramref name="baseSequence"/> count, with room for
    /// <paramref name="capacity"/> of them. Called while the feed is paused and drained. Publish timestamps are
    /// the server's clock: <paramref name="clock"/> turns them into this host's (none: one clock).
    /// </summary>
    public void Arm(long baseSequence, int capacity, ClockOffset? clock = null)
    {
        _clock = clock ?? ClockOffset.None;
        if (_seen.Length < capacity)
        {
            _seen = new byte[capacity];
        }
        else
        {
            Array.Clear(_seen);
        }

        _latency.Reset(capacity);
        _afterDrop.Reset(_drops is null ? 1 : capacity);
        _dropSeen = _firstAfterDrop = 0;
        _windowMarks.Clear();
        _base = baseSequence;
        _highest = baseSequence;
        Received = Delivered = Duplicates = OutOfOrder = OutOfRange = PayloadBytes = 0;
        Volatile.Write(ref _armed, true);
    }

    /// <summary>Stops counting; later events (after the window) are ignored.</summary>
    public void Disarm() => Volatile.Write(ref _armed, false);

    public void MarkWindow() => _windowMarks.Add(_latency.Count);

    public void OnEvent(in ReceivedEvent received)
    {
        var sequence = received.Sequence;
        // From publish, or from when the subscription opened if the event was older (one a fallback fetched again
        // after a failed attempt): connecting is counted once, in the span before this.
        _firstLatencyTicks ??= received.ReceivedTimestamp - Math.Max(_clock.ToClientTicks(received.PublishTimestamp), _subscribedAt);
        if (Volatile.Read(ref _armed))
        {
            Count(received);
        }

        // Last: the harness drains on this, so everything above is visible once it sees the sequence.
        if (sequence > _maxSequence)
        {
            Volatile.Write(ref _maxSequence, sequence);
        }
    }

    private void Count(in ReceivedEvent received)
    {
        var sequence = received.Sequence;
        Received++;
        PayloadBytes += received.PayloadBytes;
        var index = sequence - _base - 1;
        if ((ulong)index >= (ulong)_seen.Length)
        {
            OutOfRange++;
            return;
        }

        if (_seen[index] != 0)
        {
            Duplicates++;
            return;
        }

        _seen[index] = 1;
        Delivered++;
        if (sequence < _highest)
        {
            OutOfOrder++;
        }
        else
        {
            _highest = sequence;
        }

        var published = _clock.ToClientTicks(received.PublishTimestamp);
        _latency.Record(received.ReceivedTimestamp - published);
        if (_drops is not null)
        {
            RecordAfterDrop(received.ReceivedTimestamp, published, _drops.Last);
        }
    }

    private void RecordAfterDrop(long receivedAt, long publishedAt, long drop)
    {
        if (drop > _dropSeen && receivedAt >= drop)
        {
            // The first delivery since that drop: what was published before it had waited for the reconnect.
            _dropSeen = drop;
            _firstAfterDrop = receivedAt;
        }

        if (_dropSeen != 0 && receivedAt >= _dropSeen && publishedAt < _firstAfterDrop)
        {
            _afterDrop.Record(receivedAt - publishedAt);
        }
    }

    /// <summary>
    /// The events received with sequence in (base, last], as runs of consecutive ones: (offset after base, length).
    /// Compact where little is lost, and all a merge of shards needs to count each client's losses.
    /// </summary>
    public List<(long Offset, long Length)> DeliveredRuns(long lastSequence)
    {
        var runs = new List<(long Offset, long Length)>();
        var end = Math.Min(_seen.Length, lastSequence - _base);
        long start = -1;
        for (var i = 0L; i < end; i++)
        {
            if (_seen[i] != 0 && start < 0)
            {
                start = i;
            }
            else if (_seen[i] == 0 && start >= 0)
            {
                runs.Add((start, i - start));
                start = -1;
            }
        }

        if (start >= 0)
        {
            runs.Add((start, end - start));
        }

        return runs;
    }

    /// <summary>Unique events received with sequence in (base, last].</summary>
    public long DeliveredUpTo(long lastSequence)
    {
        var count = 0L;
        var end = Math.Min(_seen.Length, lastSequence - _base);
        for (var i = 0; i < end; i++)
        {
            count += _seen[i];
        }

        return count;
    }
}
