namespace Transports.Network;

/// <summary>
/// How a chunk's delay varies around the one-way delay d with jitter j. Both stay inside [d − j, d + j], so a
/// path whose jitter is at most its one-way delay never needs a negative delay.
/// </summary>
public enum JitterDistribution
{
    /// <summary>Every delay in [d − j, d + j] equally likely, as Toxiproxy's latency toxic draws it.</summary>
    Uniform,

    /// <summary>Normal around d with σ = j / 2, redrawn when outside [d − j, d + j] (about 1 draw in 22).</summary>
    Normal,
}
