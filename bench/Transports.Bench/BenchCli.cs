using System.CommandLine;
using Transports.Bench.Cli;

namespace Transports.Bench;

/// <summary>The command line: parse, dispatch, and turn bad input into one line and exit code 2.</summary>
public static class BenchCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    /// <summary>
    /// Stopped by Ctrl+C (SIGINT) or SIGTERM: what was measured is kept and written. One code for both, 128 + SIGINT, so a
    /// script tells "interrupted, results kept" from a failure whichever way the stop came.
    /// </summary>
    public const int Interrupted = 130;

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Transports: measured comparison of polling, long polling, SSE, WebSocket and raw TCP.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(CiCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        root.Subcommands.Add(MicroCommand.Create());
        root.Subcommands.Add(ResultsCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        root.Subcommands.Add(InteropCompareCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {parse.Errors[0].Message} (see --help)").ConfigureAwait(false);
            return Usage;
        }

        if (args.Length == 0)
        {
            return await root.Parse("--help").InvokeAsync().ConfigureAwait(false);
        }

        // After Ctrl+C or SIGTERM (System.CommandLine cancels the token on both) the run stops its clients and server and
        // writes what it measured; give that time.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ShutdownGrace }).ConfigureAwait(false);
    }

    /// <summary>How long Ctrl+C or SIGTERM waits for a command to stop cleanly before the process is ended.</summary>
    public static TimeSpan ShutdownGrace { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The --server value as a URL; a usage error when it is not one.</summary>
    public static Uri? ServerUri(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new UsageException($"--server: '{text}' is not an http URL (give the control URL that `serve` prints)");

    /// <summary>The command as typed, for the environment record, with secrets (a control token) blanked out.</summary>
    public static string CommandLine(ParseResult parse)
    {
        var tokens = parse?.Tokens.Select(t => t.Value).ToList() ?? [];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "--token" or "--control-token" && i + 1 < tokens.Count)
            {
                tokens[++i] = "***";
            }
        }

        return string.Join(' ', tokens);
    }

    /// <summary>Reads a file the user named; a missing or malformed one is bad input (exit 2).</summary>
    public static T ReadUserFile<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>Runs a command's action; usage errors become one line on stderr and exit code 2.</summary>
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return Usage;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("interrupted").ConfigureAwait(false);
            return Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not the user's input: one line still, exit 1; the stack trace only when asked for.
            await Console.Error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("TRANSPORTS_DEBUG") == "1")
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return Failure;
        }
    }
}
