using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Barriers on the control plane for client shards on several hosts measuring one feed: each shard arrives at a
/// named step of a scenario and is answered once all of them have. A party that gives up (its wait ends or its
/// request is aborted) is taken back out, so a crashed shard never leaves a barrier half full for the next run.
/// Contract of <see cref="PassAsync"/>: the pass once every party has arrived; null when the wait ran out first;
/// <see cref="ArgumentException"/> when the barrier is full already or was opened for another number of parties;
/// <see cref="InvalidOperationException"/> when too many barriers are open.
/// </summary>
public sealed class ShardBarriers
{
    /// <summary>Open barriers at most: malformed or abandoned calls cannot grow the server without bound.</summary>
    public const int MaxOpen = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Barrier> _open = new(StringComparer.Ordinal);

    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public async Task<BarrierPass?> PassAsync(string key, int parties, long? value, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Barrier barrier;
        var party = new object();
        lock (_gate)
        {
            if (!_open.TryGetValue(key, out barrier!))
            {
                if (_open.Count >= MaxOpen)
                {
                    throw new InvalidOperationException($"{MaxOpen} barriers are open already");
                }

                barrier = new Barrier(parties);
                _open.Add(key, barrier);
            }
            else if (barrier.Parties != parties)
            {
                throw new ArgumentException($"barrier '{key}' is for {barrier.Parties} parties, not {parties}", nameof(parties));
            }

            barrier.Arrived.Add(party);
            if (value is not null)
            {
                barrier.Value = value;
            }

            if (barrier.Arrived.Count == parties)
            {
                _open.Remove(key);
                barrier.Passed.TrySetResult(barrier.Value);
            }
        }

        try
        {
            var passed = await barrier.Passed.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return new BarrierPass(barrier.Arrival(party), passed);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (barrier.Passed.Task.IsCompleted)
                {
                    // Everyone arrived just as this party gave up: it passed after all.
                    return new BarrierPass(barrier.Arrival(party), barrier.Value);
                }

                barrier.Arrived.Remove(party);
                if (barrier.Arrived.Count == 0)
                {
                    _open.Remove(key);
                }
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return null;
        }
    }

    private sealed class Barrier(int parties)
    {
        public int Parties { get; } = parties;

        /// <summary>The parties waiting, in order of arrival (a party that gave up is taken out).</summary>
        public List<object> Arrived { get; } = [];

        public long? Value { get; set; }

        public TaskCompletionSource<long?> Passed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>1 for the first party to arrive among those that passed. The list no longer changes once passed.</summary>
        public int Arrival(object party) => Arrived.IndexOf(party) + 1;
    }
}
