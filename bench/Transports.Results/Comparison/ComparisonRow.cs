using System.Globalization;

namespace Transports.Results.Comparison;

/// <summary>
/// One line of a comparison: a metric of a scenario, or the scenario as a whole when
/// <see cref="Metric"/> is null (it went missing, or is new).
/// </summary>
public sealed record ComparisonRow
{
    /// <summary>The scenario's stable full name, the key both runs are matched by.</summary>
    public required string Scenario { get; init; }

    public string Transport { get; init; } = "";

    public Metric? Metric { get; init; }

    /// <summary>The metric's value in the baseline: a number, a text, or absent (not measured).</summary>
    public MetricValue BaselineValue { get; init; }

    public MetricValue CurrentValue { get; init; }

    public double? Baseline => BaselineValue.Number;

    public double? Current => CurrentValue.Number;

    /// <summary>Noisy metrics: the value over the tcp floor's under the same settings in the same run.</summary>
    public double? BaselineRatio { get; init; }

    public double? CurrentRatio { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>True when this row can fail the check: deterministic metrics and whole scenarios.</summary>
    public bool Gates { get; init; }

    /// <summary>Two-sided Mann-Whitney U p-value over the window samples, when there were enough.</summary>
    public double? PValue { get; init; }

    /// <summary>Why the verdict is what it is, when the numbers alone do not say.</summary>
    public string? Note { get; init; }

    public double? AbsoluteChange => Current - Baseline;

    /// <summary>
    /// The relative change of what was compared: the ratio to the floor when there is one, else the value.
    /// Infinite when the baseline was zero and the current value is not.
    /// </summary>
    public double? RelativeChange
    {
        get
        {
            var (baseline, current) = BaselineRatio is { } b && CurrentRatio is { } c ? (b, c) : (Baseline, Current);
            if (baseline is not { } from || current is not { } to)
            {
                return null;
            }

            if (from == 0)
            {
                return to == 0 ? 0 : double.PositiveInfinity * Math.Sign(to);
            }

            return (to - from) / Math.Abs(from);
        }
    }

    /// <summary>A deterministic regression, change of a text value, or a missing scenario or figure: what fails the check.</summary>
    public bool IsRegression => Gates && Verdict is Verdict.Regressed or Verdict.Missing or Verdict.Changed;

    /// <summary>A noisy metric that got worse: reported, never failing the check.</summary>
    public bool IsNoisyWarning => !Gates && Verdict == Verdict.Regressed;

    public string MetricHeading => Metric is null ? "(whole scenario)" : Metric.Heading;

    public string BaselineText => ValueText(BaselineValue, BaselineRatio);

    public string CurrentText => ValueText(CurrentValue, CurrentRatio);

    public string ChangeText
    {
        get
        {
            if (Metric is null || AbsoluteChange is not { } change || RelativeChange is not { } relative)
            {
                return "";
            }

            var percent = double.IsFinite(relative) ? relative.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "from 0";
            var text = BaselineRatio is not null && CurrentRatio is not null
                ? $"{percent} vs tcp"
                : $"{Signed(Metric, change)} ({percent})";
            return PValue is { } p ? $"{text}, p = {p.ToString("0.###", CultureInfo.InvariantCulture)}" : text;
        }
    }

    public string VerdictText
    {
        get
        {
            var verdict = Verdict switch
            {
                _ when IsRegression => $"**{Verdict}**",
                Verdict.Regressed => "Regressed (noisy, reported only)",
                _ => Verdict.ToString(),
            };
            return Note is null ? verdict : $"{verdict}: {Note}";
        }
    }

    private string ValueText(MetricValue value, double? ratio)
    {
        if (Metric is null)
        {
            return value.Number is { } number ? number.ToString(CultureInfo.InvariantCulture) : "–";
        }

        var text = Metric.Display(value);
        return ratio is { } r ? $"{text} (×{r.ToString("0.00", CultureInfo.InvariantCulture)})" : text;
    }

    private static string Signed(Metric metric, double change) =>
        change.ToString($"+{metric.Format};-{metric.Format};0", CultureInfo.InvariantCulture);
}
