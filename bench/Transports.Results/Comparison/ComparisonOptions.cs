namespace Transports.Results.Comparison;

/// <summary>
/// The limits of a regression check that are not a metric's own: each metric carries its tolerance (the gate
/// of a deterministic metric, the noise floor of a noisy one) in <see cref="Metric.Tolerance"/>. A noisy change
/// beyond its floor must also pass a Mann-Whitney U test where window samples allow, and is reported only.
/// </summary>
public sealed record ComparisonOptions
{
    public static ComparisonOptions Default { get; } = new();

    /// <summary>The metrics compared, in report order: the headline ones unless a caller asks for others.</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = Results.Metrics.Headline;

    /// <summary>Two-sided significance level of the Mann-Whitney U test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The test runs only when each side has at least this many window samples.</summary>
    public int MinimumSamples { get; init; } = 3;
}
