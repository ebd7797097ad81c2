using System.Globalization;
using System.Text;

namespace Transports.Results.Comparison;

/// <summary>
/// The outcome of comparing a run with the baseline: every row, the regressions that fail the check
/// (deterministic metrics and missing scenarios) and the noisy warnings that are only reported.
/// </summary>
public sealed class ComparisonReport
{
    private static readonly string[] Headers = ["Metric", "Scenario", "Baseline", "Current", "Change", "Verdict"];
    private static readonly bool[] RightAligned = [false, false, true, true, true, false];

    public ComparisonReport(RunEnvironment baseline, RunEnvironment current, ComparisonOptions options, IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        BaselineEnvironment = baseline;
        CurrentEnvironment = current;
        Options = options;
        Rows = rows;
        Regressions = rows.Where(r => r.IsRegression).ToArray();
        NoisyWarnings = rows.Where(r => r.IsNoisyWarning).ToArray();
    }

    public RunEnvironment BaselineEnvironment { get; }

    public RunEnvironment CurrentEnvironment { get; }

    public ComparisonOptions Options { get; }

    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The rows that fail the check.</summary>
    public IReadOnlyList<ComparisonRow> Regressions { get; }

    /// <summary>Noisy metrics that got worse beyond the noise floor: reported, never failing the check.</summary>
    public IReadOnlyList<ComparisonRow> NoisyWarnings { get; }

    /// <summary>Counts deterministic regressions and missing scenarios only, so a noisy machine never fails it.</summary>
    public bool HasRegression => Regressions.Count > 0;

    /// <summary>
    /// The verdict table: regressions first, then noisy warnings, improvements and new scenarios; rows within
    /// limits (Same, Noise) are folded into a collapsed section so the table stays readable.
    /// </summary>
    public string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.Append(HasRegression
            ? Invariant($"### Regression check failed: {Regressions.Count} regression(s)\n\n")
            : "### Regression check passed\n\n");
        builder.Append(Invariant($"- **Baseline:** {Describe(BaselineEnvironment)}\n"));
        builder.Append(Invariant($"- **Current:** {Describe(CurrentEnvironment)}\n"));
        builder.Append("- Deterministic metrics fail the check beyond their tolerance. ");
        builder.Append("Noisy metrics are compared as ratios to the tcp floor of the same run, need a change beyond their noise floor ");
        builder.Append(Invariant($"and a Mann-Whitney U test at α = {Options.Alpha} where there are {Options.MinimumSamples}+ windows, and are reported only.\n"));
        if (NoisyWarnings.Count > 0)
        {
            builder.Append(Invariant($"- {NoisyWarnings.Count} noisy warning(s), not failing the check.\n"));
        }

        builder.Append('\n');

        var changed = Rows.Where(r => r.Verdict is not (Verdict.Same or Verdict.Noise))
            .Select((row, index) => (row, index))
            .OrderBy(x => Rank(x.row))
            .ThenBy(x => x.index)
            .Select(x => x.row)
            .ToList();
        var unchanged = Rows.Where(r => r.Verdict is Verdict.Same or Verdict.Noise).ToList();

        if (changed.Count > 0)
        {
            MarkdownText.AppendTable(builder, Headers, RightAligned, changed.Select(Cells));
        }
        else
        {
            builder.Append(Invariant($"All {Rows.Count} comparisons are within limits.\n"));
        }

        if (unchanged.Count > 0)
        {
            builder.Append(Invariant($"\n<details><summary>{unchanged.Count} row(s) within limits</summary>\n\n"));
            MarkdownText.AppendTable(builder, Headers, RightAligned, unchanged.Select(Cells));
            builder.Append("\n</details>\n");
        }

        AppendTolerances(builder);

        return builder.ToString();
    }

    /// <summary>Each compared metric's tolerance, from the metric itself, so a reader sees what the verdicts were held to.</summary>
    private void AppendTolerances(StringBuilder builder)
    {
        var metrics = Rows.Select(r => r.Metric).OfType<Metric>().Distinct().ToList();
        if (metrics.Count == 0)
        {
            return;
        }

        builder.Append("\n<details><summary>Tolerances</summary>\n\n");
        MarkdownText.AppendTable(
            builder,
            ["Metric", "Kind", "Tolerance"],
            [false, false, false],
            metrics.Select(m => (IReadOnlyList<string>)[m.Heading, m.Kind == MetricKind.Deterministic ? "gates" : "noise floor, reported only", m.Tolerance.Describe(m.Unit)]));
        builder.Append("\n</details>\n");
    }

    private static int Rank(ComparisonRow row) => row switch
    {
        { IsRegression: true } => 0,
        { IsNoisyWarning: true } => 1,
        { Verdict: Verdict.Missing } => 2,
        { Verdict: Verdict.Improved } => 3,
        _ => 4,
    };

    private static string[] Cells(ComparisonRow row) =>
        [row.MetricHeading, row.Scenario, row.BaselineText, row.CurrentText, row.ChangeText, row.VerdictText];

    private static string Describe(RunEnvironment environment)
    {
        var commit = string.IsNullOrEmpty(environment.GitCommit) ? "unknown commit" : $"`{environment.GitCommit}`";
        return Invariant($"{commit}, {environment.StartedUtc:u}, {environment.Cpu} ({environment.LogicalCores} cores), {environment.Os}, .NET {environment.Dotnet}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
