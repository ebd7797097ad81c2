using System.CommandLine;
using Transports.Results;

namespace Transports.Bench.Cli;

/// <summary>`plot DIR`: draws the charts and report.html again from a saved results.json (restyle without re-running).</summary>
public static class PlotCommand
{
    private static readonly Argument<string> DirectoryArgument = new("dir") { Description = "A run's folder (or its results.json)" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Where to write charts/ and report.html (default: the run's folder)", HelpName = "dir" };
    private static readonly ChartArguments Charts = new();

    public static Command Create()
    {
        var command = new Command("plot", "Render the charts and report.html again from a saved results.json.");
        command.Arguments.Add(DirectoryArgument);
        command.Options.Add(OutOption);
        Charts.AddTo(command);
        command.SetAction((parse, cancellationToken) => BenchCli.Guard(async () =>
        {
            var options = Charts.Resolve(parse);
            var path = parse.GetValue(DirectoryArgument)!;
            var file = Directory.Exists(path) ? Path.Combine(path, "results.json") : path;
            var results = BenchCli.ReadUserFile(() => ResultsJson.Read(file));
            var output = parse.GetValue(OutOption) ?? Path.GetDirectoryName(Path.GetFullPath(file))!;
            try
            {
                Directory.CreateDirectory(output);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write to '{output}': {e.Message}");
            }

            await ChartArguments.WriteAsync(results, output, options, cancellationToken).ConfigureAwait(false);
            return BenchCli.Ok;
        }));
        return command;
    }
}
