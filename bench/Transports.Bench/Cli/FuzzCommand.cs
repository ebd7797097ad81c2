using System.CommandLine;
using Spectre.Console;
using Transports.Bench.Fuzz;
using Transports.Bench.Harness;
using Transports.Servers;

namespace Transports.Bench.Cli;

/// <summary>
/// `fuzz`: generated malformed inputs against a running server (one started for it, or --server): random bytes on
/// every port, lying tcp length prefixes, broken WebSocket frames and handshakes, cursors, headers, request lines and
/// publish bodies of every shape, STOMP frames. Passes when the server refused what it must (and counted it), never answered 500,
/// kept serving a normal client of every transport every event, and its heap stayed flat. Seeded: a seed replays a run.
/// </summary>
public static class FuzzCommand
{
    private static readonly Option<string?> InputsOption = new("--inputs") { Description = "Inputs to send [default: 10000]", HelpName = "n" };
    private static readonly Option<string?> SeedOption = new("--seed") { Description = "Seed of the inputs; the same seed sends the same inputs [default: 1]", HelpName = "n" };
    private static readonly Option<string?> ConcurrencyOption = new("--concurrency") { Description = "Inputs in flight at once, each on its own connection [default: 16]", HelpName = "n" };
    private static readonly Option<string?> MaxTimeOption = new("--max-time") { Description = "Time bound: inputs not sent by then fail the run [default: 10m]", HelpName = "duration" };
    private static readonly Option<string?> ServerOption = new("--server") { Description = "Control URL of a running `serve` (default: start a server process)", HelpName = "url" };
    private static readonly Option<string?> TokenOption = new("--token") { Description = $"Bearer token for --server's control plane [default: ${ControlAccess.TokenVariable}]", HelpName = "token" };

    public static Command Create()
    {
        var command = new Command("fuzz", "Send generated malformed inputs to every port of a server and check it refuses them, counts them, stays up and keeps serving.");
        foreach (var option in (Option[])[InputsOption, SeedOption, ConcurrencyOption, MaxTimeOption, ServerOption, TokenOption])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    public static FuzzOptions ResolveOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var defaults = new FuzzOptions();
        return new FuzzOptions
        {
            Inputs = parse.GetValue(InputsOption) is { } inputs ? ArgumentParsing.PositiveInt(inputs, "--inputs", max: 10_000_000) : defaults.Inputs,
            Seed = parse.GetValue(SeedOption) is { } seed ? ArgumentParsing.PositiveInt(seed, "--seed", min: 0) : defaults.Seed,
            Concurrency = parse.GetValue(ConcurrencyOption) is { } concurrency ? ArgumentParsing.PositiveInt(concurrency, "--concurrency", max: 1024) : defaults.Concurrency,
            MaxTime = parse.GetValue(MaxTimeOption) is { } maxTime ? ArgumentParsing.Duration(maxTime, "--max-time") : defaults.MaxTime,
        };
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = ResolveOptions(parse);
        var controlUri = BenchCli.ServerUri(parse.GetValue(ServerOption));
        var token = parse.GetValue(TokenOption);
        if (token is not null && controlUri is null)
        {
            throw new UsageException("--token goes with --server (the server fuzz starts itself needs none)");
        }

        string[] serverArguments = ["--stomp-heartbeat", $"{FuzzRunner.StompHeartbeat.TotalSeconds:0}s"];
        await using var server = await ServerConnection.OpenAsync(new ServerChoice(controlUri, token, controlUri is null ? serverArguments : null), cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"[bold]fuzz[/]: {options.Inputs} inputs, seed {options.Seed}, {options.Concurrency} at once, at most {options.MaxTime.TotalSeconds:0} s, against {server.Target.HttpUri} (tcp {server.Target.TcpEndPoint})");
        FuzzReport report;
        try
        {
            var step = Math.Max(1, options.Inputs / 10);
            report = await FuzzRunner.RunAsync(server.Target, server.Control, new TransportServerOptions().MaxUpstreamBytes, options,
                done => { if (done % step == 0) { AnsiConsole.MarkupLineInterpolated($"[grey]{done}/{options.Inputs} inputs[/]"); } }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]fuzz: the server stopped answering its control plane: {e.Message}[/]");
            return BenchCli.Failure;
        }

        Print(report);
        return report.Passed ? BenchCli.Ok : BenchCli.Failure;
    }

    public static void Print(FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().AddColumns("inputs", "sent", "must refuse", "refused", "answered", "held", "500");
        foreach (var (family, counts) in report.Families)
        {
            table.AddRow(family, $"{counts.Sent}", $"{counts.MustRefuse}", $"{counts.Refused}", $"{counts.Answered}", $"{counts.Held}", $"{counts.ServerErrors}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"sent {report.Sent}/{report.Requested} in {report.Elapsed.TotalSeconds:0.0} s; rejections counted {report.Rejected} (at least {report.MustCount} required)");
        AnsiConsole.MarkupLineInterpolated($"bystanders: {report.Published} events each, {report.BystanderMissing} missed, {report.BystanderDuplicates} twice, {report.BystanderReconnects} reconnects");
        AnsiConsole.MarkupLineInterpolated($"server heap: {report.MemoryBaseline?.ManagedHeapBytes / 1024.0 / 1024:0.0} MiB after the warm-up, {report.MemoryAfter?.ManagedHeapBytes / 1024.0 / 1024:0.0} MiB at the end (ceiling {FuzzRunner.HeapCeiling(report.MemoryBaseline?.ManagedHeapBytes ?? 0) / 1024.0 / 1024:0.0}); working set {report.MemoryBaseline?.WorkingSetBytes / 1024.0 / 1024:0.0} -> {report.MemoryAfter?.WorkingSetBytes / 1024.0 / 1024:0.0} MiB");
        foreach (var failure in report.Failures.Take(20))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{failure}[/]");
        }

        var problems = report.Problems();
        AnsiConsole.MarkupLine(problems.Count == 0 ? "[green]fuzz passed[/]" : $"[red]fuzz failed: {Markup.Escape(string.Join("; ", problems))}[/]");
    }
}
