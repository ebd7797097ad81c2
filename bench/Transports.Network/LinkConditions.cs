namespace Transports.Network;

/// <summary>
/// One direction of a path: every chunk waits for the bottleneck (serialized at <see cref="BandwidthBitsPerSecond"/>,
/// no limit when null), then travels <see cref="Delay"/> ± <see cref="Jitter"/>.
/// </summary>
public sealed record LinkConditions
{
    public LinkConditions(TimeSpan delay, TimeSpan jitter = default, long? bandwidthBitsPerSecond = null, JitterDistribution distribution = JitterDistribution.Uniform)
    {
        if (Validate(delay, jitter, bandwidthBitsPerSecond) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        Delay = delay;
        Jitter = jitter;
        BandwidthBitsPerSecond = bandwidthBitsPerSecond;
        Distribution = distribution;
    }

    public static LinkConditions None { get; } = new(TimeSpan.Zero);

    /// <summary>The one-way propagation delay every chunk takes once it has left the bottleneck.</summary>
    public TimeSpan Delay { get; }

    /// <summary>How far one chunk's delay may stray from <see cref="Delay"/>, either way.</summary>
    public TimeSpan Jitter { get; }

    /// <summary>The bottleneck's rate in bits per second; null is no limit (and no queue).</summary>
    public long? BandwidthBitsPerSecond { get; }

    public JitterDistribution Distribution { get; }

    /// <summary>
    /// Why the figures make no path, or null. Jitter above the delay is refused rather than clamped at zero: a
    /// clamped distribution is no longer d ± j, and the figures recorded with the results would misdescribe it.
    /// </summary>
    public static string? Validate(TimeSpan delay, TimeSpan jitter, long? bandwidthBitsPerSecond) =>
        delay < TimeSpan.Zero || delay > NetworkUnits.MaxDelay ? $"the one-way delay {NetworkUnits.Format(delay)} is outside 0 to {NetworkUnits.Format(NetworkUnits.MaxDelay)}"
        : jitter < TimeSpan.Zero ? $"the jitter {NetworkUnits.Format(jitter)} is negative"
        : jitter > delay ? $"the jitter {NetworkUnits.Format(jitter)} is more than the one-way delay {NetworkUnits.Format(delay)} (half the RTT): some chunks would need a negative delay"
        : bandwidthBitsPerSecond is < 1 or > NetworkUnits.MaxBitsPerSecond ? $"the bandwidth {bandwidthBitsPerSecond} bit/s is outside 1 bit/s to {NetworkUnits.FormatBandwidth(NetworkUnits.MaxBitsPerSecond)}"
        : null;
}
