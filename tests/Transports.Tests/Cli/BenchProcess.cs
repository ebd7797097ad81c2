using System.Diagnostics;
using Transports.Bench;

namespace Transports.Tests.Cli;

/// <summary>Runs the real bench program (the built Transports.Bench next to the tests) as a separate process.</summary>
public static class BenchProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts the program with stdin, stdout and stderr redirected; the caller reads and ends it.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(BenchCli).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
