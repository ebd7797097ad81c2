namespace Transports.Results.Comparison;

/// <summary>What a comparison concluded for one metric of one scenario (or for the whole scenario).</summary>
public enum Verdict
{
    /// <summary>Within tolerance (deterministic) or within the noise floor (noisy).</summary>
    Same,

    /// <summary>Better than the baseline beyond tolerance (lower, or higher for a higher-is-better metric).</summary>
    Improved,

    /// <summary>Worse than the baseline beyond tolerance (and, for noisy metrics, significant where testable).</summary>
    Regressed,

    /// <summary>A text value (which transport a library negotiated, say) differs from the baseline's.</summary>
    Changed,

    /// <summary>A noisy metric moved beyond the noise floor, but the window samples do not show a significant shift.</summary>
    Noise,

    /// <summary>In the baseline but missing or failed in the current run (a scenario), or no longer measured (a metric).</summary>
    Missing,

    /// <summary>In the current run but not in the baseline (a scenario), or measured now but not then (a metric).</summary>
    New,
}
