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
        AssertRequiredKeys(File.ReadAllText(Path.Combine(_out, "results.json")));
    }

    /// <summary>The keys results.json promises its readers (camelCase), read from the file itself.</summary>
    private static void AssertRequiredKeys(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        foreach (var key in new[] { "os", "cpu", "dotnet", "gitCommit" })
        {
            Assert.True(root.GetProperty("environment").TryGetProperty(key, out _), key);
        }

        Assert.True(root.TryGetProperty("settings", out _));
        foreach (var scenario in root.GetProperty("scenarios").EnumerateArray())
        {
            foreach (var key in new[]
            {
                "transport", "payloadBytes", "rateHz", "clients", "pollIntervalMs", "durationSeconds", "eventsPublished",
                "eventsDelivered", "eventsLost", "duplicates", "outOfOrder", "httpRequests", "connectionsOpened",
                "requestsPerEvent", "setupBytes", "clientBytesSent", "clientBytesReceived", "serverBytesIn", "serverBytesOut",
                "overheadBytesPerEvent", "latencyMs",
            })
            {
                Assert.True(scenario.TryGetProperty(key, out _), key);
            }

            foreach (var key in new[] { "mean", "p50", "p90", "p99", "p999", "max" })
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Number, scenario.GetProperty("latencyMs").GetProperty(key).ValueKind);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
