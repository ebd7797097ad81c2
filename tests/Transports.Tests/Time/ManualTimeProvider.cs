namespace Transports.Tests;

/// <summary>
/// Fake time for schedule tests: time moves only when a test calls <see cref="Advance"/>, and every timer due
/// by then fires, in due order, on the caller's thread. (Microsoft.Extensions.TimeProvider.Testing is not in
/// the package copy here.) Works with <c>Task.Delay(d, provider)</c>, <c>new PeriodicTimer(p, provider)</c>
/// and anything else built on <see cref="TimeProvider.CreateTimer"/>.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;
    private int _created;
    private TaskCompletionSource _timersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Time advanced since construction.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_ticks);
            }
        }
    }

    /// <summary>Timers that are armed (due at some time), for tests that wait until a loop is parked on one.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Timers created so far, disposed or not: each new wait a loop under test starts.</summary>
    public int TimersCreated
    {
        get
        {
            lock (_gate)
            {
                return _created;
            }
        }
    }

    /// <summary>
    /// Waits (bounded by <see cref="TestDefaults.Timeout"/>) until <paramref name="condition"/> holds, checking it each
    /// time a timer is created, armed, fired or disposed: e.g. until a loop under test has parked on its next timer,
    /// so that advancing time now moves that timer and no other.
    /// </summary>
    public async Task WaitUntilAsync(Func<ManualTimeProvider, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _timersChanged.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public override DateTimeOffset GetUtcNow() => start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
            _created++;
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _ticks + by.Ticks;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due!.Value);
                if (next is null)
                {
                    _ticks = target;
                    return;
                }

                _ticks = Math.Max(_ticks, next.Due!.Value);
                next.Due = next.Period is { } period ? _ticks + Math.Max(1, period) : null;
            }

            SignalTimersChanged();
            next.Fire();
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }

        SignalTimersChanged();
    }

    private void SignalTimersChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _timersChanged;
            _timersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>Absolute due time in ticks; null when disarmed. Guarded by the owner's lock.</summary>
        public long? Due { get; set; }

        public long? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period.Ticks;
            }

            owner.SignalTimersChanged();
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
