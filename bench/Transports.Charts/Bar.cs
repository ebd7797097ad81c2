namespace Transports.Charts;

/// <summary>One bar. <paramref name="ColorKey"/> is the transport id that fixes its color.</summary>
public sealed record Bar(string Series, double Value, string ColorKey, BarFill Fill = BarFill.Solid, string? ValueLabel = null);
