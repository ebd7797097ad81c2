using System.Diagnostics;

namespace Transports.Bench.Harness;

/// <summary>
/// How far the server's clock reads ahead of this host's (<see cref="OffsetSeconds"/>), give or take
/// <see cref="UncertaintySeconds"/> (half the best exchange's round trip), and the rate the server's Stopwatch
/// counts at. It turns a publish timestamp (server ticks) into this host's ticks, so latency is receive time
/// minus publish time on one clock even when the two ran on different hosts.
/// </summary>
public readonly struct ClockOffset
{
    private readonly long _offsetTicks;
    private readonly long _serverFrequency;

    public ClockOffset(double offsetSeconds, double uncertaintySeconds, long serverFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serverFrequency);
        OffsetSeconds = offsetSeconds;
        UncertaintySeconds = uncertaintySeconds;
        _serverFrequency = serverFrequency;
        _offsetTicks = (long)Math.Round(offsetSeconds * Stopwatch.Frequency);
    }

    /// <summary>Server clock minus this host's clock.</summary>
    public double OffsetSeconds { get; }

    /// <summary>The most the offset can be off by: half the round trip of the exchange it came from.</summary>
    public double UncertaintySeconds { get; }

    public double OffsetMs => OffsetSeconds * 1000;

    public double UncertaintyMs => UncertaintySeconds * 1000;

    /// <summary>No correction: one clock (a recorder never armed with an estimate).</summary>
    public static ClockOffset None => new(0, 0, Stopwatch.Frequency);

    /// <summary>The estimate from the exchange with the smallest round trip (NTP's rule); throws when there is none.</summary>
    public static ClockOffset FromBest(IEnumerable<ClockSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ClockSample? best = null;
        foreach (var sample in samples)
        {
            // A negative round trip is no exchange at all (timestamps from some other clock).
            if (sample.DelaySeconds >= 0 && (best is null || sample.DelaySeconds < best.Value.DelaySeconds))
            {
                best = sample;
            }
        }

        return best is { } b
            ? new ClockOffset(b.OffsetSeconds, b.DelaySeconds / 2, b.ServerFrequency)
            : throw new InvalidDataException("no clock exchange had a round trip of zero or more: the server's timestamps are not a Stopwatch's");
    }

    /// <summary>What this host's Stopwatch read when the server's read <paramref name="serverTicks"/>.</summary>
    public long ToClientTicks(long serverTicks)
    {
        var scaled = _serverFrequency == Stopwatch.Frequency || _serverFrequency == 0
            ? serverTicks
            : (long)((Int128)serverTicks * Stopwatch.Frequency / _serverFrequency);
        return scaled - _offsetTicks;
    }
}
