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
    private readonly ManualResetEventSlim _signal = new();

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
        long last;
        lock (_gate)
        {
            _settings = settings;
            _generation++;
            last = feed.LastSequence;
        }

        _signal.Set();
        return new FeedPosition(last, settings);
    }

    /// <summary>Stops publishing (the arrivals are kept for the next rate); returns the last sequence published.</summary>
    public FeedPosition Pause()
    {
        var settings = Settings;
        return Configure(0, settings.PayloadBytes, settings.Arrivals, settings.Seed);
    }

    /// <summary>
    /// The publisher runs on a thread of its own: it sleeps between events, and at high rates it sleeps less than a
    /// millisecond (<see cref="ShortSleep"/>) many thousand times a second, which would hold a pool thread.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            // Reset before reading the settings: a change after the read sets the signal again.
            _signal.Reset();
            FeedSettings settings;
            long generation;
            lock (_gate)
            {
                (settings, generation) = (_settings, _generation);
            }

            if (settings.RateHz <= 0)
            {
                _signal.Wait(stoppingToken);
                continue;
            }

            Publish(ArrivalSchedule.For(settings), settings.PayloadBytes, generation, stoppingToken);
        }
    }

    /// <summary>Publishes on the schedule until the settings change (returns) or the server stops (throws).</summary>
    private void Publish(ArrivalSchedule schedule, int payload, long generation, CancellationToken stoppingToken)
    {
        var frequency = _time.TimestampFrequency;
        var next = _time.GetTimestamp();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            _signal.Reset();
            var now = _time.GetTimestamp();
            if (next > now)
            {
                if (Volatile.Read(ref _generation) != generation)
                {
                    return;
                }

                Wait(_time.GetElapsedTime(now, next), stoppingToken);
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
    /// Waits <paramref name="due"/> on the clock, or less when the settings change (<see cref="_signal"/>). On the
    /// system clock a wait under a millisecond is a <see cref="ShortSleep"/> (a change waits for its end) and a longer
    /// one waits on the signal for whole milliseconds, the rest then slept short; another clock (a test's) gets a timer
    /// of its own that sets the signal.
    /// </summary>
    private void Wait(TimeSpan due, CancellationToken stoppingToken)
    {
        if (_time != TimeProvider.System)
        {
            using var timer = _time.CreateTimer(static signal => ((ManualResetEventSlim)signal!).Set(), _signal, due, Timeout.InfiniteTimeSpan);
            _signal.Wait(stoppingToken);
        }
        else if (due < ShortSleep.Longest)
        {
            ShortSleep.Sleep(due);
        }
        else
        {
            _signal.Wait((int)due.TotalMilliseconds, stoppingToken);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _signal.Dispose();
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
