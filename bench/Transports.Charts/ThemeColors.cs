using Transports.Contract;

namespace Transports.Charts;

/// <summary>
/// The colors of a theme. Transports keep one color in both themes (Okabe-Ito, safe for color-blind
/// readers and readable on white and on near-black), so a transport is recognised across every chart.
/// </summary>
public sealed record ThemeColors(string Background, string Foreground, string Muted, string Grid)
{
    public static ThemeColors Light { get; } = new("#ffffff", "#1a1a1a", "#555555", "#e2e2e2");

    public static ThemeColors Dark { get; } = new("#121417", "#f2f2f2", "#b8b8b8", "#34383d");

    public static ThemeColors For(ChartTheme theme) => theme == ChartTheme.Dark ? Dark : Light;

    /// <summary>The color of a transport (by id, from its descriptor); anything else takes the theme's foreground.</summary>
    public string ColorOf(string? key) => TransportIds.Find(key)?.Color ?? Foreground;
}
