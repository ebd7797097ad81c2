namespace Transports.Results;

/// <summary>
/// One value of a <see cref="SummaryTable"/>. <see cref="Value"/> is null when the scenario did not run or
/// failed; <see cref="Text"/> is then "–" or "failed". <see cref="RatioToFloor"/> is set for noisy metrics
/// of transports other than tcp: the value over tcp's under the same settings in the same run, which
/// stays comparable between machines when the absolute figure does not.
/// </summary>
public sealed record SummaryCell(double? Value, string Text, double? RatioToFloor)
{
    public const string NotRun = "–";
    public const string Failed = "failed";

    /// <summary>The text with the ratio to the floor appended when there is one, e.g. "1.2 (×3.4)".</summary>
    public string TextWithRatio => RatioToFloor is { } ratio
        ? $"{Text} (×{ratio.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)})"
        : Text;
}
