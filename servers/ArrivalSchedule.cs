using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The gaps between published events at a mean rate: <see cref="FeedArrivals.Fixed"/> (every gap 1/rate) or
/// <see cref="FeedArrivals.Poisson"/> (each gap −ln(1 − U)/rate for U uniform in [0, 1) from <c>new Random(seed)</c>:
/// exponential with mean 1/rate, the same sequence for the same seed).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly double _rateHz;
    private readonly Random? _random;
    private long _fixedIndex;

    private ArrivalSchedule(double rateHz, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rateHz);
        _rateHz = rateHz;
        _random = seed is { } value ? new Random(value) : null;
    }

    /// <summary>The schedule <paramref name="settings"/> ask for (a positive rate; Poisson needs its seed).</summary>
    public static ArrivalSchedule For(FeedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Arrivals switch
        {
            FeedArrivals.Fixed => new ArrivalSchedule(settings.RateHz, seed: null),
            FeedArrivals.Poisson => new ArrivalSchedule(settings.RateHz, settings.Seed ?? throw new ArgumentException("Poisson arrivals need a seed.", nameof(settings))),
            _ => throw new ArgumentException($"unknown arrivals '{settings.Arrivals}' (known: {string.Join(", ", FeedArrivals.All)})", nameof(settings)),
        };
    }

    /// <summary>
    /// The next gap in ticks of a clock of <paramref name="frequency"/>. Fixed gaps are whole ticks that add up exactly
    /// (event i at i·frequency/rate, rounded down: no drift at millions a second); Poisson gaps are rounded down each.
    /// </summary>
    public long NextGapTicks(long frequency)
    {
        if (_random is not null)
        {
            return (long)(NextGapSeconds() * frequency);
        }

        var at = (long)(_fixedIndex * (frequency / _rateHz));
        _fixedIndex++;
        return (long)(_fixedIndex * (frequency / _rateHz)) - at;
    }

    /// <summary>The next gap, in seconds.</summary>
    public double NextGapSeconds() => _random is null ? 1 / _rateHz : -Math.Log(1 - _random.NextDouble()) / _rateHz;
}
