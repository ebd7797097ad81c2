using System.Diagnostics.CodeAnalysis;

namespace Transports.Network;

/// <summary>
/// A symmetric path between the clients and the server, as the CLI names it: a round-trip time split into two
/// one-way delays that add up to exactly <see cref="Rtt"/>, jitter applied to each direction on its own (so a round
/// trip strays by up to twice the jitter), and the same bandwidth in each direction, each direction with its own
/// bottleneck queue.
/// </summary>
public sealed record NetworkConditions
{
    private NetworkConditions(TimeSpan rtt, TimeSpan jitter, long? bandwidthBitsPerSecond, JitterDistribution distribution)
    {
        Rtt = rtt;
        Jitter = jitter;
        BandwidthBitsPerSecond = bandwidthBitsPerSecond;
        Distribution = distribution;
        var toServer = TimeSpan.FromTicks(rtt.Ticks / 2);
        ToServer = new LinkConditions(toServer, jitter, bandwidthBitsPerSecond, distribution);
        ToClient = new LinkConditions(rtt - toServer, jitter, bandwidthBitsPerSecond, distribution);
    }

    /// <summary>No delay, no jitter, no limit: the relay is a plain pass-through.</summary>
    public static NetworkConditions None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, null, JitterDistribution.Uniform);

    public TimeSpan Rtt { get; }

    public TimeSpan Jitter { get; }

    public long? BandwidthBitsPerSecond { get; }

    public JitterDistribution Distribution { get; }

    /// <summary>Client to server: half the RTT (rounded down to a tick).</summary>
    public LinkConditions ToServer { get; }

    /// <summary>Server to client: the other half, so the two add up to the RTT exactly.</summary>
    public LinkConditions ToClient { get; }

    public bool IsNone => Rtt == TimeSpan.Zero && Jitter == TimeSpan.Zero && BandwidthBitsPerSecond is null;

    /// <summary>Builds a path, or says in one sentence why the figures make none (see <see cref="LinkConditions.Validate"/>).</summary>
    public static bool TryCreate(
        TimeSpan rtt,
        TimeSpan jitter,
        long? bandwidthBitsPerSecond,
        [NotNullWhen(true)] out NetworkConditions? conditions,
        [NotNullWhen(false)] out string? error,
        JitterDistribution distribution = JitterDistribution.Uniform)
    {
        conditions = null;
        error = rtt < TimeSpan.Zero ? $"the RTT {NetworkUnits.Format(rtt)} is negative"
            : rtt > 2 * NetworkUnits.MaxDelay ? $"the RTT {NetworkUnits.Format(rtt)} is longer than the {NetworkUnits.Format(2 * NetworkUnits.MaxDelay)} the emulator accepts"
            : LinkConditions.Validate(TimeSpan.FromTicks(rtt.Ticks / 2), jitter, bandwidthBitsPerSecond) is { } problem ? problem
            : LinkConditions.Validate(rtt - TimeSpan.FromTicks(rtt.Ticks / 2), jitter, bandwidthBitsPerSecond);
        if (error is not null)
        {
            return false;
        }

        conditions = new NetworkConditions(rtt, jitter, bandwidthBitsPerSecond, distribution);
        return true;
    }

    public static NetworkConditions Create(TimeSpan rtt, TimeSpan jitter = default, long? bandwidthBitsPerSecond = null, JitterDistribution distribution = JitterDistribution.Uniform) =>
        TryCreate(rtt, jitter, bandwidthBitsPerSecond, out var conditions, out var error, distribution) ? conditions : throw new ArgumentException(error);

    /// <summary>"80 ms RTT, 50 Mbit/s", "150 ms RTT ± 20 ms jitter, 5 Mbit/s", "no emulation".</summary>
    public string Describe()
    {
        if (IsNone)
        {
            return "no emulation";
        }

        var rtt = $"{NetworkUnits.Format(Rtt)} RTT";
        var jitter = Jitter > TimeSpan.Zero ? $" ± {NetworkUnits.Format(Jitter)} jitter{(Distribution == JitterDistribution.Normal ? " (normal)" : "")}" : "";
        var bandwidth = BandwidthBitsPerSecond is { } bits ? $", {NetworkUnits.FormatBandwidth(bits)}" : ", no bandwidth limit";
        return rtt + jitter + bandwidth;
    }
}
