namespace Transports.Charts;

/// <summary>
/// One chart as data, independent of how it is drawn: a renderer (SVG today) turns it into a file.
/// The title names the measure and its unit; the subtitle says which settings are shown.
/// </summary>
public sealed record ChartModel
{
    /// <summary>Stable id, used for file names and report markers (e.g. "overhead").</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Subtitle { get; init; } = "";

    /// <summary>Drawn side by side (up to three in a row), sharing the legend.</summary>
    public required IReadOnlyList<ChartPanel> Panels { get; init; }

    public IReadOnlyList<LegendEntry> Legend { get; init; } = [];
}
