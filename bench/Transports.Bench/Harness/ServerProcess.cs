using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// The server in a process of its own (this same program, <c>serve --machine-readable</c>), so its CPU time
/// and allocations are the server's alone, not the clients'. It exits when our end of its stdin closes,
/// so it never outlives the harness.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ReadyPrefix = "READY ";
    private readonly Process _process;

    private ServerProcess(Process process, ServerTarget target)
    {
        _process = process;
        Target = target;
    }

    public ServerTarget Target { get; }

    /// <summary>
    /// Starts `serve` from this program, or from <paramref name="benchAssembly"/> through `dotnet` (a test host is not
    /// this program).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> extraArguments, CancellationToken cancellationToken, string? benchAssembly = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = benchAssembly is null ? Environment.ProcessPath ?? "dotnet" : "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Fully optimized code from the first call: no background re-JIT lands in a measured window's CPU time.
        start.Environment["DOTNET_TieredCompilation"] = "0";

        // The child's control plane is ours alone, on loopback: a token meant for some other server must not lock us out.
        start.Environment.Remove(Servers.ControlAccess.TokenVariable);
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(benchAssembly ?? Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("cannot locate the bench assembly"));
        }

        foreach (var argument in (string[])["serve", "--rate", "0", "--machine-readable", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the server process did not start");
        var errors = CollectErrors(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    var info = JsonSerializer.Deserialize<ServerInfo>(line[ReadyPrefix.Length..], ControlJson.Options)
                        ?? throw new InvalidDataException("the server process sent an empty READY line");
                    var server = new ServerProcess(process, ServerTarget.From(info));
                    _ = DrainAsync(process.StandardOutput);
                    return server;
                }
            }
        }
        catch
        {
            Kill(process);
            throw;
        }

        Kill(process);
        string detail;
        lock (errors)
        {
            detail = errors.Count > 0 ? errors[^1] : "no output";
        }

        throw new InvalidOperationException($"the server process exited before it was ready ({detail})");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task DrainAsync(StreamReader output)
    {
        // Keep reading so the child never blocks on a full pipe.
        while (await output.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Collects a started child's standard error lines (under their own lock), for the message when it fails.</summary>
    internal static List<string> CollectErrors(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return errors;
    }
}
