namespace Transports.Charts;

/// <summary>A polyline; <paramref name="ColorKey"/> is the transport id that fixes its color.</summary>
public sealed record LineSeries(string ColorKey, string Label, IReadOnlyList<ChartPoint> Points, bool Dashed = false, bool Markers = false);
