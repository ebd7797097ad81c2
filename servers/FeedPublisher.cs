using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Transports.Servers;

/// <summary>
/// Publishes events at a set rate. <see cref="Configure"/> and <see cref="Pause"/> take effect at once:
/// when <see cref="Pause"/> returns, nothing more is published, so the harness can cut a clean window.
/// </summary>
public sealed class FeedPublisher(EventFeed feed, TransportServerOptions options) : BackgroundService
{
    private readonly Lock _gate = new();
    private double _rateHz = options.PublishRateHz;
    private int _payloadBytes = options.PayloadBytes;
    private long _generation;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public double RateHz
    {
        get
        {
            lock (_gate)
            {
                return _rateHz;
            }
        }
    }

    public int PayloadBytes
    {
        get
        {
            lock (_gate)
            {
                return _payloadBytes;
            }
        }
    }

    /// <summary>Sets the rate (0 pauses) and payload size; returns the feed's last sequence.</summary>
    public long Configure(double rateHz, int payloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rateHz);
        Contract.EventMessage.ValidateSize(payloadBytes);
        TaskCompletionSource changed;
        long last;
        lock (_gate)
        {
            _rateHz = rateHz;
            _payloadBytes = payloadBytes;
            _generation++;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            last = feed.LastSequence;
        }

        changed.TrySetResult();
        return last;
    }

    /// <summary>Stops publishing; returns the last sequence published.</summary>
    public long Pause() => Configure(0, PayloadBytes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            double rate;
            int payload;
            long generation;
            Task changed;
            lock (_gate)
            {
                (rate, payload, generation, changed) = (_rateHz, _payloadBytes, _generation, _changed.Task);
            }

            if (rate <= 0)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            await PublishAtRateAsync(rate, payload, generation, changed, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task PublishAtRateAsync(double rate, int payload, long generation, Task changed, CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        var next = Stopwatch.GetTimestamp();
        while (true)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(wait, stoppingToken), changed).ConfigureAwait(false);
                stoppingToken.ThrowIfCancellationRequested();
            }

            lock (_gate)
            {
                if (_generation != generation)
                {
                    return;
                }

                feed.Publish(payload);
            }

            // Scheduled times, not sleeps: the rate holds on average. After a long stall, restart the
            // schedule rather than burst to catch up.
            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            if (Stopwatch.GetElapsedTime(next) > TimeSpan.FromSeconds(1))
            {
                next = Stopwatch.GetTimestamp();
            }
        }
    }
}
