namespace Transports.Charts;

/// <summary>A dashed horizontal line across a panel at a reference value (e.g. tcp's, the floor).</summary>
public sealed record ReferenceLine(double Value, string Label, string ColorKey);
