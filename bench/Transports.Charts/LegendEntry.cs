namespace Transports.Charts;

/// <summary>A legend item. Without a color key the symbol takes the theme's neutral color.</summary>
public sealed record LegendEntry(string Label, LegendSymbol Symbol, string? ColorKey = null, BarFill Fill = BarFill.Solid);
