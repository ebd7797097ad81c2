namespace Transports.Tests.Cli;

/// <summary>The regression gate must be able to fail: a deliberately worse server makes `ci` exit 1 and name the metric.</summary>
public sealed class CiGateTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-ci-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Ci_fails_against_a_server_that_pads_every_response_and_names_the_metric()
    {
        var outcome = await BenchProcess.RunAsync(
            "ci", "--extra-header-bytes", "64", "--baseline", Path.Combine(RepositoryRoot.Path, "results", "baseline.json"), "--out", _out);

        Assert.True(outcome.ExitCode == 1, outcome.Stdout + outcome.Stderr);
        Assert.Contains("regression in overheadBytesPerEvent", outcome.Stdout, StringComparison.Ordinal);
        var table = File.ReadAllText(Path.Combine(_out, "comparison.md"));
        Assert.Contains("| Header overhead per event (B/event) | long-polling/", table, StringComparison.Ordinal);
        Assert.Contains("**Regressed**", table, StringComparison.Ordinal);

        // Only HTTP pays for a response header: the raw-TCP floor never moves.
        var regressions = table.Split('\n').Where(line => line.EndsWith("| **Regressed** |", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(regressions);
        Assert.DoesNotContain(regressions, line => line.Contains("| tcp/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ci_without_a_baseline_is_a_usage_error()
    {
        var outcome = await BenchProcess.RunAsync("ci", "--baseline", Path.Combine(_out, "none.json"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no baseline at", outcome.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
