namespace Transports.Charts;

/// <summary>
/// One plot inside a chart. A bar panel has categories (<see cref="Groups"/>) on x; a line panel has a
/// numeric <see cref="XAxis"/>. Reference lines are horizontal (e.g. the tcp floor).
/// </summary>
public sealed record ChartPanel
{
    public string Title { get; init; } = "";

    public required ChartAxis YAxis { get; init; }

    /// <summary>Numeric x axis for line series; null for a bar panel.</summary>
    public ChartAxis? XAxis { get; init; }

    public IReadOnlyList<BarGroup> Groups { get; init; } = [];

    public IReadOnlyList<LineSeries> Lines { get; init; } = [];

    public IReadOnlyList<ReferenceLine> References { get; init; } = [];
}
