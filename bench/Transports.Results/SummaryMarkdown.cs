using System.Globalization;
using System.Text;
using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// Writes summary.md: the run's settings and environment, what is missing or failed, then one table per
/// metric (transports as rows, settings as columns), ready to paste into a pull request.
/// </summary>
public static class SummaryMarkdown
{
    public static string Format(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var builder = new StringBuilder();
        builder.Append("# Transports benchmark\n\n");
        AppendHeader(builder, run);

        var problems = MissingOrFailed(run);
        if (problems.Count > 0)
        {
            builder.Append(Invariant($"**Missing or failed ({problems.Count}):** "))
                .AppendJoin("; ", problems.Select(MarkdownText.Cell))
                .Append("\n\n");
        }

        builder.Append("Noisy metrics show the ratio to tcp under the same settings in this run as (×n); n/a: not measured in that scenario.\n");
        foreach (var table in SummaryTables.Build(run))
        {
            builder.Append("\n## ").Append(table.Heading).Append("\n\n");
            AppendTable(builder, table);
        }

        builder.Append("\n## Common claims, measured\n\n");
        MarkdownText.AppendTable(
            builder,
            ["Claim", "Verdict", "This run's figure", "Scenarios"],
            [false, false, false, false],
            Claims.CommonClaims.Evaluate(run).Select(f => (IReadOnlyList<string>)[$"\"{f.Claim}\"", f.Verdict, f.Figure, string.Join("; ", f.Scenarios.Select(n => $"`{n}`"))]));
        return builder.ToString();
    }

    /// <summary>Writes through a temporary file, as results.json is.</summary>
    public static void Write(RunResults run, string path)
    {
        AtomicFile.WriteAllText(path, Format(run));
    }

    /// <summary>Planned scenarios without a result, then failed ones with their error, one line each.</summary>
    public static IReadOnlyList<string> MissingOrFailed(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failed = run.Scenarios
            .Where(s => !ScenarioStatus.IsOk(s))
            .Select(s => string.IsNullOrEmpty(s.Error) ? $"{s.Name} ({s.Status})" : $"{s.Name} ({s.Status}: {s.Error})");
        return run.Missing.Select(name => $"{name} (missing)").Concat(failed).ToArray();
    }

    public static void AppendTable(StringBuilder builder, SummaryTable table)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        var headers = new List<string> { "Transport" };
        headers.AddRange(table.Columns);
        var rightAligned = headers.Select((_, i) => i > 0).ToArray();
        var rows = table.Rows.Select(row => (IReadOnlyList<string>)[row.Transport, .. row.Cells.Select(c => c.TextWithRatio)]);
        MarkdownText.AppendTable(builder, headers, rightAligned, rows);
    }

    private static void AppendHeader(StringBuilder builder, RunResults run)
    {
        var settings = run.Settings;
        var environment = run.Environment;
        string List<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0}", v)));

        builder.Append(Invariant($"- **Run:** profile `{settings.Profile}`, status {run.Status}, {run.Scenarios.Count} scenarios{(settings.Seed is { } seed ? $", seed {seed} (`--seed {seed}` replays it)" : "")}\n"));
        builder.Append(Invariant($"- **Transports:** {List(settings.Transports.OrderBy(TransportIds.OrderOf))}\n"));
        builder.Append("- ")
            .AppendJoin("; ", ScenarioDimensions.Settings(run.Scenarios).Select(d => $"**{d.Label}:** {d.Values}"))
            .Append('\n');
        builder.Append(Invariant($"- **Window:** {settings.DurationSeconds} s measured in {settings.Windows} windows after {settings.WarmupSeconds} s warm-up\n"));
        if (run.Scenarios.Select(s => s.LibraryHeartbeatMs).OfType<double>().Distinct().ToList() is { Count: > 0 } heartbeats)
        {
            builder.Append(Invariant($"- **Library heartbeats:** Socket.IO pings every 25 s and SockJS sends `h` every 25 s out of the box; this run's Node servers did so every {string.Join(", ", heartbeats.Select(h => $"{h / 1000:0.#} s"))}, above warm-up, window and drain, so no heartbeat is in the measured bytes\n"));
        }

        builder.Append(Invariant($"- **Machine:** {environment.Cpu}, {environment.LogicalCores} logical cores, {environment.Os} {environment.Architecture}, .NET {environment.Dotnet}, host `{environment.MachineName}`\n"));
        builder.Append(Invariant($"- **Commit:** `{environment.GitCommit}`; **server:** {environment.Server}; **started:** {environment.StartedUtc:u}"));
        if (environment.FinishedUtc is { } finished)
        {
            builder.Append(Invariant($"; **finished:** {finished:u}"));
        }

        builder.Append("\n\n");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
