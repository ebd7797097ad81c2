using System.Globalization;

namespace Transports.Charts;

/// <summary>How charts are drawn and written: theme, canvas size in px, and whether PNG copies are made.</summary>
public sealed record ChartOptions
{
    public ChartTheme Theme { get; init; } = ChartTheme.Light;

    public int Width { get; init; } = SvgChartRenderer.DefaultWidth;

    public int Height { get; init; } = SvgChartRenderer.DefaultHeight;

    /// <summary>Also write a PNG of every chart with rsvg-convert (Debian: librsvg2-bin), when it is on PATH.</summary>
    public bool Png { get; init; }

    public SvgChartRenderer CreateRenderer() => new(Theme, Width, Height);

    /// <summary>Parses "1600x900" (also "1600X900"); false for anything else or below 960x540 (<see cref="SvgChartRenderer.MinWidth"/>).</summary>
    public static bool TryParseSize(string? text, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || w < SvgChartRenderer.MinWidth || h < SvgChartRenderer.MinHeight || w > 20_000 || h > 20_000)
        {
            return false;
        }

        width = w;
        height = h;
        return true;
    }

    /// <summary>Parses "light" or "dark" (any case).</summary>
    public static bool TryParseTheme(string? text, out ChartTheme theme) =>
        Enum.TryParse(text, ignoreCase: true, out theme) && Enum.IsDefined(theme);
}
