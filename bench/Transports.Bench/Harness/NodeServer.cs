using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Transports.Bench.Harness;

/// <summary>
/// One of the real Node servers (servers/node/server.js: <c>ws</c>, <c>socketio</c>, <c>sockjs</c>) in a process of its
/// own, fed from the tcp floor of our server. Its contract (servers/node/README.md): one <c>READY {json}</c> line on
/// stdout once listening and subscribed; it exits when our end of its stdin closes. When servers/node/node_modules is
/// missing, <c>npm ci --prefix servers/node</c> runs first, so a fresh clone works; where <c>node</c> is missing,
/// <see cref="NodeMissingException"/> says so in one line with the install command.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    public const string InstallHint = "install Node 20+ and run `npm ci --prefix servers/node`";

    /// <summary>How long npm ci and the server's start may take.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How long the server may take to exit once its stdin closes.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;

    private NodeServer(Process process, Uri httpUri, Uri controlUri)
    {
        _process = process;
        HttpUri = httpUri;
        ControlUri = controlUri;
    }

    public Uri HttpUri { get; }

    public Uri ControlUri { get; }

    public static async Task<NodeServer> StartAsync(string kind, IPEndPoint feed, IEnumerable<string> extraArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var folder = Path.Combine(RepositoryPaths.Root(), "servers", "node");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        await EnsureInstalledAsync(folder, timeout.Token).ConfigureAwait(false);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(folder, "server.js"), "--kind", kind, "--feed", feed.ToString(), .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = StartOrExplain(start);
        var errors = ServerProcess.CollectErrors(process);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ServerProcess.ReadyPrefix, StringComparison.Ordinal))
                {
                    using var ready = JsonDocument.Parse(line[ServerProcess.ReadyPrefix.Length..]);
                    var root = ready.RootElement;
                    return new NodeServer(process, new Uri(root.GetProperty("httpUrl").GetString()!), new Uri(root.GetProperty("controlUrl").GetString()!));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        string detail;
        lock (errors)
        {
            detail = errors.Count > 0 ? errors[^1] : "no output";
        }

        process.Dispose();
        throw new InvalidOperationException($"the node {kind} server exited before it was ready ({detail})");
    }

    public ValueTask DisposeAsync() => EndAsync(_process, ExitTimeout);

    /// <summary>Closes a Node child's stdin (its signal to stop), waits up to <paramref name="grace"/> for it to exit, kills it after, disposes it.</summary>
    public static async ValueTask EndAsync(Process process, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(grace);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Runs <c>npm ci</c> in <paramref name="folder"/> once when its node_modules is missing (one at a time, for parallel callers).</summary>
    public static async Task EnsureInstalledAsync(string folder, CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["ci", "--prefix", folder, "--no-audit", "--no-fund"])
            {
                npm.ArgumentList.Add(argument);
            }

            using var process = StartOrExplain(npm);
            var output = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new NodeMissingException($"`npm ci --prefix {folder}` failed ({(await output.ConfigureAwait(false)).Trim().Split('\n')[^1]}); {InstallHint}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new NodeMissingException($"`{start.FileName}` did not start; {InstallHint}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NodeMissingException($"`{start.FileName}` was not found ({e.Message}); {InstallHint}");
        }
    }
}

/// <summary>Node or its packages are missing: the Node-hosted transports cannot run here (one line says how to fix it).</summary>
public sealed class NodeMissingException(string message) : Exception(message);
