namespace Transports.Charts;

/// <summary>One x position of a bar panel (a transport) with its bars side by side.</summary>
public sealed record BarGroup(string Key, string Label, IReadOnlyList<Bar> Bars);
