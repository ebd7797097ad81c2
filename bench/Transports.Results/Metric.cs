using System.Globalization;
using Transports.Results.Comparison;

namespace Transports.Results;

/// <summary>
/// A metric as data, after crank's MeasurementMetadata: a stable name (the results.json key, dotted for a
/// nested value such as <c>latencyMs.p50</c>), a title and a description for people, a unit and a number
/// format, how parts of one scenario combine (<see cref="Reduce"/>), whether it is deterministic or noisy,
/// and how far it may move between runs before the comparison calls it a change (<see cref="Tolerance"/>).
/// A value may be absent (not measured here: not zero) or text (e.g. which transport a library chose).
/// </summary>
public sealed record Metric
{
    public required string Name { get; init; }

    /// <summary>Short description: table headings and comparison rows.</summary>
    public required string Title { get; init; }

    /// <summary>Long description: what is counted, where, and over what.</summary>
    public string Description { get; init; } = "";

    public string Unit { get; init; } = "";

    /// <summary>A metric that reads text (which transport a library chose): no unit, no number, not a crank measurement.</summary>
    public bool IsText { get; init; }

    /// <summary>.NET number format for display (invariant culture).</summary>
    public string Format { get; init; } = "0.###";

    public MetricKind Kind { get; init; } = MetricKind.Deterministic;

    public MetricReduce Reduce { get; init; } = MetricReduce.Recompute;

    /// <summary>
    /// Deterministic metrics: the change that fails the check. Noisy metrics: the noise floor a change of the
    /// ratio to the tcp floor must clear before it is reported. Either may differ per transport.
    /// </summary>
    public Tolerance Tolerance { get; init; } = Tolerance.Exact;

    /// <summary>Whether a rise is an improvement (events per second); most metrics are lower-is-better.</summary>
    public bool HigherIsBetter { get; init; }

    /// <summary>
    /// The metric's value in each measured window, where results keep them: the samples a Mann-Whitney U test
    /// between two runs compares. Without them a change is judged on the noise floor alone.
    /// </summary>
    public Func<ScenarioResult, IReadOnlyList<double>>? WindowSamples { get; init; }

    /// <summary>Reads the value; <see cref="MetricValue.Absent"/> where the scenario did not measure it.</summary>
    public required Func<ScenarioResult, MetricValue> Read { get; init; }

    /// <summary>"Title (unit)", the heading every rendering uses.</summary>
    public string Heading => Unit.Length == 0 ? Title : $"{Title} ({Unit})";

    /// <summary>The value as people read it: formatted number, the text as it is, or "n/a" when absent.</summary>
    public string Display(MetricValue value) => value switch
    {
        { Text: { } text } => text,
        { Number: { } number } => Display(number),
        _ => MetricValue.AbsentText,
    };

    public string Display(double value) => value.ToString(Format, CultureInfo.InvariantCulture);
}
