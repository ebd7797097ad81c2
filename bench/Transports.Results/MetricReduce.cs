namespace Transports.Results;

/// <summary>
/// How the figures of several parts of one scenario (client shards on several hosts) combine into one, as
/// crank's Reduce does for its jobs.
/// </summary>
public enum MetricReduce
{
    /// <summary>Counted per client: the parts add up.</summary>
    Sum,

    /// <summary>The worst part.</summary>
    Max,

    /// <summary>The same for every part (counted once, by the server or the feed): take the first.</summary>
    First,

    /// <summary>A ratio or a percentile: computed again from the combined counts or samples, never averaged.</summary>
    Recompute,
}
