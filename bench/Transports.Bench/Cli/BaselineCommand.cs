using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Results;
using Transports.Results.Comparison;

namespace Transports.Bench.Cli;

/// <summary>`baseline`: runs the CI subset (or takes a finished ci run) and writes results/baseline.json.</summary>
public static class BaselineCommand
{
    private static readonly Option<string?> FromOption = new("--from") { Description = "Use this ci run's results.json (or its folder) instead of running now", HelpName = "path" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Where to write the baseline (default: results/baseline.json)", HelpName = "file" };

    public static Command Create()
    {
        var command = new Command("baseline", "Write a new baseline for `ci` from the CI subset, with the environment it came from.");
        command.Options.Add(FromOption);
        command.Options.Add(OutOption);
        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var path = parse.GetValue(OutOption) ?? RepositoryPaths.BaselinePath();
        RunResults run;
        if (parse.GetValue(FromOption) is { } from)
        {
            run = BenchCli.ReadUserFile(() => ResultsJson.Read(Directory.Exists(from) ? Path.Combine(from, "results.json") : from));
            if (run.Settings.Profile != RunPlan.Ci.Profile)
            {
                throw new UsageException($"--from: {from} is a '{run.Settings.Profile}' run; a baseline must come from the ci subset");
            }
        }
        else
        {
            var directory = Path.Combine(RepositoryPaths.ResultsDirectory(), "baseline-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            var outcome = await RunExecution.ExecuteAsync(RunPlan.Ci, BenchCli.CommandLine(parse), null, [], directory, cancellationToken).ConfigureAwait(false);
            if (outcome.Interrupted)
            {
                return BenchCli.Interrupted;
            }

            run = outcome.Results;
        }

        if (run.Status != "complete" || !run.Scenarios.All(ScenarioStatus.IsOk) || run.Scenarios.Any(s => s.EventsLost > 0))
        {
            AnsiConsole.MarkupLine("[red]baseline: the run is incomplete, has failed scenarios or lost events; not writing a baseline from it[/]");
            return BenchCli.Failure;
        }

        BaselineFile.Write(run, path);
        AnsiConsole.MarkupLineInterpolated($"Wrote {path} ({run.Scenarios.Count} scenarios, commit {run.Environment.GitCommit}, {run.Environment.Cpu}).");
        return BenchCli.Ok;
    }
}
