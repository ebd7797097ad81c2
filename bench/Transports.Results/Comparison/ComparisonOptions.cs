namespace Transports.Results.Comparison;

/// <summary>
/// The limits of a regression check. Deterministic metrics are held tight and gate; noisy ones need a
/// change beyond a noise floor and, where window samples allow, a significant Mann-Whitney U test, and are
/// reported only.
/// </summary>
public sealed record ComparisonOptions
{
    public static ComparisonOptions Default { get; } = new();

    /// <summary>Deterministic metrics: the relative part of the tolerance (1.5%).</summary>
    public double DeterministicRelative { get; init; } = 0.015;

    /// <summary>Byte metrics also need to rise by more than this many bytes (framing rounds to whole bytes).</summary>
    public double DeterministicAbsoluteBytes { get; init; } = 0.5;

    /// <summary>Noisy metrics: the ratio to the floor must move by more than this fraction (10%).</summary>
    public double NoiseRelative { get; init; } = 0.10;

    /// <summary>
    /// Noisy metrics: the change, in the metric's unit, must also exceed this, keyed by unit; sub-resolution
    /// moves of a fast transport are not worth a warning however large in percent.
    /// </summary>
    public IReadOnlyDictionary<string, double> NoiseAbsoluteByUnit { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["ms"] = 0.05,
        ["ms/event"] = 0.001,
        ["B/event"] = 16,
    };

    /// <summary>Two-sided significance level of the Mann-Whitney U test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The test runs only when each side has at least this many window samples.</summary>
    public int MinimumSamples { get; init; } = 3;

    /// <summary>
    /// Polling's bytes and requests per event depend on how many polls fit the window (its length over the
    /// interval, plus or minus one), so they are held to this instead (10%).
    /// </summary>
    public double PollingScheduleRelative { get; init; } = 0.10;

    /// <summary>
    /// Setup bytes carry the subscription's starting sequence (X-Cursor, the TCP acknowledgement), whose
    /// digit count depends on how many events came before; a few bytes of that are not a regression.
    /// </summary>
    public double SetupCursorDigitsBytes { get; init; } = 4;

    /// <summary>The tolerance of a deterministic metric: events lost allow no increase at all.</summary>
    public Tolerance DeterministicToleranceFor(Metric metric, string transport = "")
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (string.Equals(metric.Name, Metrics.EventsLost.Name, StringComparison.Ordinal))
        {
            return new Tolerance(0, 0);
        }

        if (string.Equals(metric.Name, Metrics.SetupBytes.Name, StringComparison.Ordinal))
        {
            return new Tolerance(DeterministicRelative, SetupCursorDigitsBytes);
        }

        var bytes = metric.Unit is "B" || metric.Unit.StartsWith("B/", StringComparison.Ordinal);
        var relative = string.Equals(transport, Contract.TransportIds.Polling, StringComparison.Ordinal) ? PollingScheduleRelative : DeterministicRelative;
        return new Tolerance(relative, bytes ? DeterministicAbsoluteBytes : 0);
    }

    public double NoiseAbsoluteFor(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return NoiseAbsoluteByUnit.TryGetValue(metric.Unit, out var floor) ? floor : 0;
    }
}
