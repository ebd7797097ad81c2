using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Transports.Tests.Cli;

namespace Transports.Tests.Interop;

/// <summary>
/// Runs the Node scripts under tests/interop from xunit: finds <c>node</c> (a test fails with the install line where
/// there is none), runs <c>npm ci</c> once per folder and test run where node_modules is missing or older than the
/// lockfile, and runs a script with a bound, its whole output in the failure message.
/// </summary>
internal static class NodeScripts
{
    /// <summary>What a missing Node says: the line that installs it, and the folders it then needs.</summary>
    public const string InstallLine = "node is not installed: on Debian, apt-get install -y nodejs npm (then npm ci --prefix tests/interop and --prefix servers/node)";

    /// <summary>The longest a script may run; the scripts bound each of their own steps far below it.</summary>
    public static readonly TimeSpan ScriptBound = TimeSpan.FromMinutes(2);

    /// <summary>The longest <c>npm ci</c> may take (a clean cache downloads every package).</summary>
    private static readonly TimeSpan InstallBound = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<string, Lazy<Task>> Installs = new(StringComparer.Ordinal);

    public static string InteropFolder => Path.Combine(RepositoryRoot.Path, "tests", "interop");

    public static string NodeServersFolder => Path.Combine(RepositoryRoot.Path, "servers", "node");

    /// <summary>Runs <paramref name="script"/> (a path under tests/interop) with <paramref name="arguments"/>; returns its output, failing the test when it does not exit 0.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, params string[] dependencyFolders)
    {
        var node = await RequireAsync(dependencyFolders);
        var (exit, output) = await RunProcessAsync(node, [Path.Combine(InteropFolder, script), .. arguments], RepositoryRoot.Path, ScriptBound);
        Assert.True(exit == 0, $"node {script} exited {exit}:\n{output}");
        return output;
    }

    /// <summary>The path of <c>node</c> once tests/interop and <paramref name="dependencyFolders"/> are installed; fails the test with the install line where there is no Node.</summary>
    public static async Task<string> RequireAsync(params string[] dependencyFolders)
    {
        var node = Find("node") ?? Find("nodejs");
        if (node is null)
        {
            Assert.Fail(InstallLine);
        }

        foreach (var folder in dependencyFolders.Prepend(InteropFolder).Distinct())
        {
            await Installs.GetOrAdd(folder, f => new Lazy<Task>(() => InstallAsync(f))).Value;
        }

        return node;
    }

    /// <summary><c>npm ci</c> where node_modules is missing or the lockfile changed after it was installed.</summary>
    private static async Task InstallAsync(string folder)
    {
        var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
        var lockfile = Path.Combine(folder, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockfile))
        {
            return;
        }

        var npm = Find("npm");
        if (npm is null)
        {
            Assert.Fail(InstallLine);
        }

        var (exit, output) = await RunProcessAsync(npm, ["ci", "--no-audit", "--no-fund"], folder, InstallBound);
        Assert.True(exit == 0, $"npm ci in {folder} exited {exit}:\n{output}");
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string file, IEnumerable<string> arguments, string directory, TimeSpan bound)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await Task.WhenAll(stdout, stderr).WaitAsync(TestDefaults.Timeout);
            return (-1, $"{output}\n(killed after {bound.TotalSeconds:0} s)");
        }

        await Task.WhenAll(stdout, stderr).WaitAsync(TestDefaults.Timeout);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
