namespace Transports.Results.Comparison;

/// <summary>What a comparison concluded for one metric of one scenario (or for the whole scenario).</summary>
public enum Verdict
{
    /// <summary>Within tolerance (deterministic) or within the noise floor (noisy).</summary>
    Same,

    /// <summary>Lower than the baseline beyond tolerance; every metric is lower-is-better.</summary>
    Improved,

    /// <summary>Higher than the baseline beyond tolerance (and, for noisy metrics, significant where testable).</summary>
    Regressed,

    /// <summary>A noisy metric moved beyond the noise floor, but the window samples do not show a significant shift.</summary>
    Noise,

    /// <summary>In the baseline but missing or failed in the current run.</summary>
    Missing,

    /// <summary>In the current run but not in the baseline.</summary>
    New,
}
