using System.Diagnostics;

namespace Transports.Contract;

/// <summary>
/// Every latency sample of one recorder, kept exactly (no histogram buckets) in a buffer sized before the
/// window starts, so recording is a bounds check and a store: no allocation, no lock. One writer at a
/// time; samples beyond the capacity are counted in <see cref="Overflow"/> and still enter count, sum and max.
/// </summary>
public sealed class LatencySamples
{
    private long[] _ticks;
    private int _count;
    private long _overflow;
    private long _sum;
    private long _max;

    public LatencySamples(int capacity) => _ticks = new long[Math.Max(1, capacity)];

    public int Count => _count;

    public long Overflow => _overflow;

    /// <summary>The sum of every sample recorded, stored or not.</summary>
    public long Sum => _sum;

    /// <summary>The largest sample recorded, stored or not.</summary>
    public long Max => _max;

    /// <summary>Clears the samples and makes room for <paramref name="capacity"/> of them.</summary>
    public void Reset(int capacity)
    {
        if (_ticks.Length < capacity)
        {
            _ticks = new long[capacity];
        }

        _count = 0;
        _overflow = 0;
        _sum = 0;
        _max = 0;
    }

    /// <summary>Records one latency in <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long ticks)
    {
        if (ticks < 0)
        {
            ticks = 0;
        }

        _sum += ticks;
        if (ticks > _max)
        {
            _max = ticks;
        }

        var index = _count;
        if ((uint)index < (uint)_ticks.Length)
        {
            _ticks[index] = ticks;
            _count = index + 1;
        }
        else
        {
            _overflow++;
        }
    }

    /// <summary>The stored samples, in recording order.</summary>
    public ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, _count);

    /// <summary>Summarizes the samples of several recorders together.</summary>
    public static LatencySummary Summarize(IEnumerable<LatencySamples> recorders)
    {
        var all = new List<long>();
        long sum = 0;
        long max = 0;
        long overflow = 0;
        foreach (var recorder in recorders)
        {
            all.AddRange(recorder.Ticks.ToArray());
            sum += recorder._sum;
            max = Math.Max(max, recorder._max);
            overflow += recorder._overflow;
        }

        return LatencySummary.FromTicks(all.ToArray(), sum, max, overflow);
    }
}

/// <summary>A latency distribution in milliseconds: exact order statistics of the stored samples.</summary>
public sealed record LatencySummary
{
    public long Count { get; init; }
    public double Mean { get; init; }
    public double P50 { get; init; }
    public double P90 { get; init; }
    public double P99 { get; init; }
    public double P999 { get; init; }
    public double Max { get; init; }

    /// <summary>Points of the empirical CDF (latency ms, cumulative fraction), at most 200 of them.</summary>
    public IReadOnlyList<CdfPoint> Cdf { get; init; } = [];

    public static LatencySummary Empty { get; } = new();

    /// <summary>Builds the summary from raw samples; <paramref name="ticks"/> is sorted in place.</summary>
    public static LatencySummary FromTicks(long[] ticks, long sumTicks, long maxTicks, long overflow)
    {
        var total = ticks.LongLength + overflow;
        if (total == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double Quantile(double q)
        {
            if (ticks.Length == 0)
            {
                return Ms(maxTicks);
            }

            // Nearest-rank: the smallest sample with at least q of the samples at or below it.
            var rank = (int)Math.Ceiling(q * ticks.Length);
            return Ms(ticks[Math.Clamp(rank - 1, 0, ticks.Length - 1)]);
        }

        var cdf = new List<CdfPoint>();
        var points = Math.Min(200, ticks.Length);
        for (var i = 1; i <= points; i++)
        {
            var index = (int)((long)i * ticks.Length / points) - 1;
            cdf.Add(new CdfPoint(Round(Ms(ticks[index])), Round((index + 1.0) / ticks.Length)));
        }

        return new LatencySummary
        {
            Count = total,
            Mean = Round(Ms(sumTicks) / total),
            P50 = Round(Quantile(0.50)),
            P90 = Round(Quantile(0.90)),
            P99 = Round(Quantile(0.99)),
            P999 = Round(Quantile(0.999)),
            Max = Round(Ms(maxTicks)),
            Cdf = cdf,
        };
    }

    private static double Round(double value) => Math.Round(value, 4);
}

/// <summary>One point of a cumulative distribution: this fraction of samples took at most this many ms.</summary>
public readonly record struct CdfPoint(double Ms, double Fraction);
