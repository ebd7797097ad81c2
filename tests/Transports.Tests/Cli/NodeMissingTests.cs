using System.Diagnostics;
using Transports.Bench;
using Transports.Bench.Harness;
using Transports.Results;

namespace Transports.Tests.Cli;

/// <summary>
/// Where `node` is missing, `run` skips the Node-hosted transports with one line naming the install command and
/// measures the rest: the results say skipped, the exit code says nothing failed.
/// </summary>
public sealed class NodeMissingTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-nonode-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_node_the_Node_hosted_transports_are_skipped_in_one_line_and_the_rest_run()
    {
        // A PATH holding dotnet alone: the bench program and its server start, `node` is nowhere.
        var found = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : FindOnPath("dotnet");
        // /usr/bin/dotnet is a link into the SDK's own folder, which holds no node (/usr/bin does).
        var dotnet = new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found;
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[typeof(BenchCli).Assembly.Location, "run", "--transports", "node-ws,socketio,websocket", "--payload", "16", "--clients", "1", "--rate", "20",
            "--duration", "0.3s", "--warmup", "0s", "--windows", "1", "--out", _out, "--no-charts"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = Path.GetDirectoryName(dotnet)!;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var output = await stdout;
        Assert.True(process.ExitCode == 0, output + await stderr);
        var skipped = Assert.Single(output.Split('\n'), line => line.StartsWith("Node-hosted transports", StringComparison.Ordinal));
        Assert.Contains("`node` was not found", skipped, StringComparison.Ordinal);
        Assert.EndsWith(NodeServer.InstallHint, skipped.TrimEnd(), StringComparison.Ordinal);
        var results = ResultsJson.Read(Path.Combine(_out, "results.json"));
        Assert.Equal(["skipped", "skipped"], results.Scenarios.Where(s => s.Transport is "node-ws" or "socketio").Select(s => s.Status));
        Assert.All(results.Scenarios.Where(s => s.Transport is "node-ws" or "socketio"), s => Assert.Contains("npm ci --prefix servers/node", s.Error, StringComparison.Ordinal));
        Assert.All(results.Scenarios.Where(s => s.Transport is "websocket" or "tcp"), s => Assert.True(ScenarioStatus.IsOk(s) && s.EventsDelivered > 0));
        Assert.Empty(results.Missing);
        Assert.Contains("(skipped: ", File.ReadAllText(Path.Combine(_out, "summary.md")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH");
}
