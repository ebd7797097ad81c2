using System.Diagnostics;
using Transports.Bench;
using Transports.Results;
using Transports.Tests.Cli;
using Xunit.Abstractions;

namespace Transports.Tests.MultiHost;

/// <summary>
/// tests/netns/run-two-hosts.sh: the server and the clients in two network namespaces joined by a veth pair, so
/// the traffic crosses kernel routing between two addresses that exist only there. Where the user is not root the
/// script skips with one line, and so does this test. Holds the deterministic part (nothing lost, an offset within
/// its uncertainty of zero, both ends on one clock); the p50 ratio to the same-host run is printed, not held.
/// </summary>
public sealed class TwoNamespacesTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-netns-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_run_across_two_network_namespaces_loses_nothing_and_reports_its_clock_offset()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "tests", "netns", "run-two-hosts.sh"));
        start.ArgumentList.Add(_out);
        start.Environment["BENCH"] = $"dotnet {typeof(BenchCli).Assembly.Location}";
        start.Environment["LATENCY_CHECK"] = "report";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killing the script runs its trap: the namespaces go with it.
            process.Kill(entireProcessTree: false);
            throw;
        }

        var text = await stdout + await stderr;
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, text);
        if (text.StartsWith("skip:", StringComparison.Ordinal))
        {
            return;
        }

        var results = ResultsJson.Read(Path.Combine(_out, "two-hosts", "results.json"));
        Assert.Equal("complete", results.Status);
        Assert.StartsWith("http://10.77.0.1:", results.Environment.Server, StringComparison.Ordinal);
        Assert.All(results.Scenarios, s =>
        {
            Assert.True(ScenarioStatus.IsOk(s), s.Error);
            Assert.Equal(0, s.EventsLost);
            Assert.Equal(s.EventsExpected, s.EventsDelivered);
            Assert.True(s.ClockOffsetMs is not null && s.ClockOffsetUncertaintyMs is not null, s.Name);

            // Two namespaces, one kernel, one clock: the estimate lies within its uncertainty of zero (as rounded).
            Assert.True(Math.Abs(s.ClockOffsetMs!.Value) <= s.ClockOffsetUncertaintyMs!.Value + 0.0001, $"{s.Name}: {s.ClockOffsetMs} ± {s.ClockOffsetUncertaintyMs} ms");
        });
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
