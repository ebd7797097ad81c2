using System.CommandLine;
using Transports.Bench.Harness;
using Transports.Bench.Interop;

namespace Transports.Bench.Cli;

/// <summary>
/// `interop-compare`: the official clients (@microsoft/signalr, socket.io-client, in Node) and ours against the same
/// servers, same events, counted at a relay in front of the server (<see cref="InteropComparison"/>); prints the
/// table, writes it with --out, exits 1 when a figure lies more than 5% from the official client's.
/// </summary>
public static class InteropCompareCommand
{
    private static readonly Option<string?> EventsOption = new("--events") { Description = "Events per client run, published one at a time [default: 20]", HelpName = "n" };
    private static readonly Option<string?> PayloadOption = new("--payload") { Description = "Event payload bytes [default: 16]", HelpName = "bytes" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Also write the table (markdown) to this file [default: none, print only]", HelpName = "file.md" };

    public static Command Create()
    {
        var command = new Command("interop-compare", "Run the official SignalR and Socket.IO clients (Node) and ours against the same servers and compare setup and per-event bytes at the socket (within 5%).");
        foreach (var option in (Option[])[EventsOption, PayloadOption, OutOption])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var defaults = new InteropOptions();
        var options = defaults with
        {
            Events = parse.GetValue(EventsOption) is { } events ? ArgumentParsing.PositiveInt(events, "--events", max: 10_000) : defaults.Events,
            PayloadBytes = parse.GetValue(PayloadOption) is { } payload ? ArgumentParsing.PositiveInt(payload, "--payload", max: 65_536) : defaults.PayloadBytes,
        };
        var output = parse.GetValue(OutOption);
        await using var server = await ServerConnection.OpenAsync(new ServerChoice(null), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<InteropComparisonRow> rows;
        try
        {
            rows = await InteropComparison.RunAsync(server.Target, server.Control, options, Console.WriteLine, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeMissingException e)
        {
            await Console.Error.WriteLineAsync($"interop-compare: {e.Message}").ConfigureAwait(false);
            return BenchCli.Failure;
        }

        var table = InteropComparison.Table(rows, options.PayloadBytes);
        Console.WriteLine();
        Console.Write(table);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var disagreement in rows.SelectMany(r => r.Disagreements))
        {
            await Console.Error.WriteLineAsync($"interop-compare: {disagreement}").ConfigureAwait(false);
        }

        return rows.All(r => r.Agrees) ? BenchCli.Ok : BenchCli.Failure;
    }
}
