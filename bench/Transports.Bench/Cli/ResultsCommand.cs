using System.CommandLine;
using Spectre.Console;
using Transports.Results;
using Transports.Results.Shards;

namespace Transports.Bench.Cli;

/// <summary>`results merge DIR... --out DIR`: one run's folder from the folders of its client shards.</summary>
public static class ResultsCommand
{
    private static readonly Argument<string[]> ShardsArgument = new("dirs") { Description = "The shards' folders (each with results.json and samples.bin)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string> OutOption = new("--out") { Description = "The merged run's folder (required)", HelpName = "dir", Required = true };
    private static readonly Option<bool> NoChartsOption = new("--no-charts") { Description = "Skip charts and report.html" };
    private static readonly ChartArguments Charts = new();

    public static Command Create()
    {
        var merge = new Command("merge", "Merge the folders of client shards (run --client-share K/N) into one run: counts summed, percentiles from every sample, losses checked per client.");
        merge.Arguments.Add(ShardsArgument);
        merge.Options.Add(OutOption);
        merge.Options.Add(NoChartsOption);
        Charts.AddTo(merge);
        merge.SetAction((parse, cancellationToken) => BenchCli.Guard(() => MergeAsync(parse, cancellationToken)));

        var command = new Command("results", "Work on saved results.");
        command.Subcommands.Add(merge);
        return command;
    }

    private static async Task<int> MergeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var charts = parse.GetValue(NoChartsOption) ? null : Charts.Resolve(parse);
        var shards = parse.GetValue(ShardsArgument)!.Select(dir => BenchCli.ReadUserFile(() => ResultsMerge.Read(dir))).ToList();
        var (results, notes) = BenchCli.ReadUserFile(() => ResultsMerge.Merge(shards, BenchCli.CommandLine(parse)));
        var output = parse.GetValue(OutOption)!;
        try
        {
            Directory.CreateDirectory(output);
            ResultsJson.Write(results, Path.Combine(output, "results.json"));
            ResultsCsv.Write(results, Path.Combine(output, "results.csv"));
            SummaryMarkdown.Write(results, Path.Combine(output, "summary.md"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write to '{output}': {e.Message}");
        }

        foreach (var note in notes)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{note}[/]");
        }

        ConsoleSummary.Print(results);
        AnsiConsole.MarkupLineInterpolated($"Merged {shards.Count} shards into {Path.Combine(output, "results.json")}, results.csv and summary.md.");
        if (charts is not null && results.Scenarios.Any(ScenarioStatus.IsOk))
        {
            await ChartArguments.WriteAsync(results, output, charts, cancellationToken).ConfigureAwait(false);
        }

        return results.Scenarios.All(ScenarioStatus.IsOk) ? BenchCli.Ok : BenchCli.Failure;
    }
}
