using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Publishes events at a set mean rate, on an <see cref="ArrivalSchedule"/> (fixed or Poisson), timed by
/// <see cref="TransportServerOptions.Time"/>. The first event goes at once, the rest after the schedule's gaps.
/// Every event due when the publisher wakes goes into the feed in one batch (at millions a second a timer tick holds
/// thousands): each keeps its own sequence and the count is the schedule's exactly; their publish timestamp is the
/// instant they entered the feed, so latency is measured from there.
/// <see cref="Configure"/> and <see cref="Pause"/> take effect at once: when <see cref="Pause"/> returns, nothing more
/// is published, so the harness can cut a clean window.
/// </summary>
public sealed class FeedPublisher(EventFeed feed, TransportServerOptions options) : BackgroundService
{
    /// <summary>Further behind schedule than this (a stalled machine), the schedule restarts rather than bursting to catch up.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = options.Time;
    private readonly Lock _gate = new();
    private FeedSettings _settings = Settle(options.PublishRateHz, options.PayloadBytes, options.Arrivals, options.ArrivalSeed);
    private long _generation;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The settings in force (Poisson with the seed in use).</summary>
    public FeedSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public double RateHz => Settings.RateHz;

    public int PayloadBytes => Settings.PayloadBytes;

    /// <summary>
    /// Sets the rate (0 pauses), payload size and arrivals (Poisson without a seed gets one, reported in the answer);
    /// returns the feed's last sequence and the settings now in force.
    /// </summary>
    public FeedPosition Configure(double rateHz, int payloadBytes, string arrivals = FeedArrivals.Fixed, int? seed = null)
    {
        var settings = Settle(rateHz, payloadBytes, arrivals, seed);
        TaskCompletionSource changed;
        long last;
        lock (_gate)
        {
            _settings = settings;
            _generation++;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            last = feed.LastSequence;
        }

        changed.TrySetResult();
        return new FeedPosition(last, settings);
    }

    /// <summary>Stops publishing (the arrivals are kept for the next rate); returns the last sequence published.</summary>
    public FeedPosition Pause()
    {
        var settings = Settings;
        return Configure(0, settings.PayloadBytes, settings.Arrivals, settings.Seed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            FeedSettings settings;
            long generation;
            Task changed;
            lock (_gate)
            {
                (settings, generation, changed) = (_settings, _generation, _changed.Task);
            }

            if (settings.RateHz <= 0)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            await PublishAsync(ArrivalSchedule.For(settings), settings.PayloadBytes, generation, changed, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes on the schedule until the settings change (returns) or the server stops (throws).</summary>
    private async Task PublishAsync(ArrivalSchedule schedule, int payload, long generation, Task changed, CancellationToken stoppingToken)
    {
        var frequency = _time.TimestampFrequency;
        var next = _time.GetTimestamp();
        while (true)
        {
            var now = _time.GetTimestamp();
            if (next > now)
            {
                if (!await WaitAsync(_time.GetElapsedTime(now, next), changed, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            // Scheduled times, not sleeps: the rate holds on average. Every event due by now goes in one batch.
            var due = 0;
            while (next <= now && due < EventFeed.MaxBatch)
            {
                due++;
                next += schedule.NextGapTicks(frequency);
            }

            lock (_gate)
            {
                if (_generation != generation)
                {
                    return;
                }

                feed.Publish(payload, due);
            }

            if (_time.GetElapsedTime(next) > MaxLag)
            {
                next = _time.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="due"/> on the clock; false when the settings change first. A timer of the clock's own
    /// rather than Task.Delay, which rounds down to whole milliseconds: Poisson gaps are often shorter than one.
    /// </summary>
    private async Task<bool> WaitAsync(TimeSpan due, Task changed, CancellationToken stoppingToken)
    {
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = _time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed, due, Timeout.InfiniteTimeSpan);
        return await Task.WhenAny(elapsed.Task, changed).WaitAsync(stoppingToken).ConfigureAwait(false) == elapsed.Task;
    }

    /// <summary>Checks the settings; Poisson without a seed gets a fresh one, fixed arrivals carry none.</summary>
    private static FeedSettings Settle(double rateHz, int payloadBytes, string arrivals, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rateHz);
        EventMessage.ValidateSize(payloadBytes);
        if (!FeedArrivals.IsKnown(arrivals))
        {
            throw new ArgumentException($"unknown arrivals '{arrivals}' (known: {string.Join(", ", FeedArrivals.All)})", nameof(arrivals));
        }

        var poisson = arrivals == FeedArrivals.Poisson;
        return new FeedSettings(rateHz, payloadBytes, arrivals, poisson ? seed ?? Random.Shared.Next() : null);
    }
}
