namespace Transports.Charts;

/// <summary>
/// A polyline; <paramref name="ColorKey"/> is the transport id that fixes its color (anything else: the text color).
/// A <paramref name="Model"/> line is no measurement but what a model predicts: drawn thin and dotted, without markers.
/// </summary>
public sealed record LineSeries(string ColorKey, string Label, IReadOnlyList<ChartPoint> Points, bool Dashed = false, bool Markers = false, bool Model = false);
