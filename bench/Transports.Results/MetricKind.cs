namespace Transports.Results;

/// <summary>Whether a metric is held exactly between runs or compared as a ratio to the floor.</summary>
public enum MetricKind
{
    /// <summary>Fixed by the protocol and the workload: the same on every machine (bytes, requests, losses).</summary>
    Deterministic,

    /// <summary>Depends on the machine and its load (latency, CPU).</summary>
    Noisy,
}
