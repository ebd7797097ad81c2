using System.Threading.Tasks.Sources;
using Transports.Clients;

namespace Transports.Bench.Micro;

/// <summary>
/// Where a round trip ends: the client's receive loop hands the echoed event here, which completes the one
/// pending wait. The awaitable is reused (no allocation per round trip). A watchdog fails a wait that outlives
/// its timeout, so a broken transport fails the benchmark instead of hanging it. An event nobody waited for is
/// counted as stray.
/// </summary>
internal sealed class RoundTripSink : IEventSink, IValueTaskSource<long>, IDisposable
{
    private readonly Timer _watchdog;
    private readonly TimeSpan _timeout;
    // Continuations run on the receive loop: the only work left is to end the benchmark's await.
    private ManualResetValueTaskSourceCore<long> _arrival;
    private int _pending;
    private long _stray;

    public RoundTripSink(TimeSpan timeout)
    {
        _timeout = timeout;
        _watchdog = new Timer(static state => ((RoundTripSink)state!).TimeOut(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public long Stray => Interlocked.Read(ref _stray);

    /// <summary>Starts waiting for the next event; call before sending what should come back.</summary>
    public ValueTask<long> Expect()
    {
        _arrival.Reset();
        Volatile.Write(ref _pending, 1);
        _watchdog.Change(_timeout, Timeout.InfiniteTimeSpan);
        return new ValueTask<long>(this, _arrival.Version);
    }

    public void OnEvent(in ReceivedEvent received)
    {
        // Whoever clears the pending flag (this event or the watchdog) completes the wait, once.
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _arrival.SetResult(received.Sequence);
        }
        else
        {
            Interlocked.Increment(ref _stray);
        }
    }

    public long GetResult(short token) => _arrival.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _arrival.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _arrival.OnCompleted(continuation, state, token, flags);

    public void Dispose() => _watchdog.Dispose();

    private void TimeOut()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _arrival.SetException(new TimeoutException($"no event came back within {_timeout.TotalSeconds:0.#} s"));
        }
    }
}
