using Transports.Results;

namespace Transports.Tests.Cli;

/// <summary>The main job end to end: the real program starts its own server process and writes every output.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-run-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_writes_results_json_csv_and_summary_with_the_tcp_floor()
    {
        var outcome = await BenchProcess.RunAsync(
            "run", "--transports", "websocket", "--payload", "16", "--clients", "1", "--rate", "20",
            "--duration", "0.5s", "--warmup", "0.2s", "--windows", "1", "--out", _out, "--no-charts");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var results = ResultsJson.Read(Path.Combine(_out, "results.json"));
        Assert.Equal("complete", results.Status);
        Assert.Equal(["websocket", "tcp"], results.Scenarios.Select(s => s.Transport));
        Assert.Empty(results.Missing);
        Assert.All(results.Scenarios, s => Assert.True(s.EventsDelivered > 0));
        Assert.Equal(2, results.Scenarios.Single(s => s.Transport == "websocket").OverheadBytesPerEventDown);
        Assert.Equal("process", results.Environment.Server);
        Assert.True(File.Exists(Path.Combine(_out, "results.csv")));
        Assert.Contains("| websocket |", File.ReadAllText(Path.Combine(_out, "summary.md")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
