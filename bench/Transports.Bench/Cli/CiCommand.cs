using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Results;
using Transports.Results.Comparison;

namespace Transports.Bench.Cli;

/// <summary>
/// `ci`: runs the fixed subset and compares it with the committed baseline. Deterministic metrics gate
/// (exit 1 on a regression); noisy ones are compared as ratios to the tcp floor and only reported.
/// </summary>
public static class CiCommand
{
    private static readonly Option<string?> BaselineOption = new("--baseline") { Description = "Baseline to compare with (default: results/baseline.json)", HelpName = "file" };
    private static readonly Option<string?> ServerOption = new("--server") { Description = "Control URL of a running `serve` (default: start a server process)", HelpName = "url" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Folder for this run's results (default: results/ci-<UTC timestamp>)", HelpName = "dir" };
    private static readonly Option<int> ExtraHeaderOption = new("--extra-header-bytes") { Description = "Prove the gate: run against a server that pads every HTTP response with N header bytes" };
    private static readonly Option<bool> NoKeepAliveOption = new("--no-polling-keep-alive") { Description = "Prove the gate: run against a server that closes the connection after every poll" };

    public static Command Create()
    {
        var command = new Command("ci", "Run the fixed CI subset and compare it with results/baseline.json (exit 1 on a regression).");
        foreach (var option in (Option[])[BaselineOption, ServerOption, OutOption, ExtraHeaderOption, NoKeepAliveOption])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var baselinePath = parse.GetValue(BaselineOption) ?? RepositoryPaths.BaselinePath();
        if (!File.Exists(baselinePath))
        {
            throw new UsageException($"no baseline at {baselinePath}; write one with `baseline`");
        }

        var baseline = BenchCli.ReadUserFile(() => BaselineFile.Read(baselinePath));
        var extraHeader = parse.GetValue(ExtraHeaderOption);
        if (extraHeader is < 0 or > 16 * 1024)
        {
            throw new UsageException($"--extra-header-bytes: {extraHeader} is not 0..16384");
        }

        List<string> serverArguments = [];
        if (extraHeader > 0)
        {
            serverArguments.AddRange(["--extra-header-bytes", extraHeader.ToString(CultureInfo.InvariantCulture)]);
        }

        if (parse.GetValue(NoKeepAliveOption))
        {
            serverArguments.Add("--no-polling-keep-alive");
        }

        var controlUri = BenchCli.ServerUri(parse.GetValue(ServerOption));
        if (controlUri is not null && serverArguments.Count > 0)
        {
            throw new UsageException("--extra-header-bytes and --no-polling-keep-alive configure the server ci starts; they do not go with --server");
        }

        var directory = parse.GetValue(OutOption) ?? Path.Combine(RepositoryPaths.ResultsDirectory(), "ci-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var outcome = await RunExecution.ExecuteAsync(RunPlan.Ci, BenchCli.CommandLine(parse), controlUri, serverArguments, directory, cancellationToken).ConfigureAwait(false);
        if (outcome.Interrupted)
        {
            return BenchCli.Interrupted;
        }

        var report = BaselineComparer.Compare(baseline, outcome.Results);
        var markdown = report.ToMarkdown();
        Console.Out.WriteLine();
        Console.Out.WriteLine(markdown);
        GitHubStepSummary.Append(markdown);
        File.WriteAllText(Path.Combine(outcome.Output.Directory, "comparison.md"), markdown);
        if (report.HasRegression)
        {
            var moved = report.Regressions.Select(r => $"{r.Metric?.Name ?? "missing scenario"} ({r.Scenario})").Distinct().Take(5);
            AnsiConsole.MarkupLineInterpolated($"[red]ci: regression in {string.Join(", ", moved)}[/]");
            return BenchCli.Failure;
        }

        AnsiConsole.MarkupLineInterpolated($"[green]ci: within limits of the baseline ({report.NoisyWarnings.Count} noisy warnings, reported only)[/]");
        return BenchCli.Ok;
    }
}
