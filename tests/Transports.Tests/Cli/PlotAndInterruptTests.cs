using System.Diagnostics;
using Transports.Results;

namespace Transports.Tests.Cli;

/// <summary>`plot` redraws from a saved run; an interrupt (Ctrl+C or SIGTERM) keeps what was measured and says what is missing.</summary>
public sealed class PlotAndInterruptTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "transports-plot-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Plot_redraws_charts_and_report_from_a_saved_run_in_another_style()
    {
        Directory.CreateDirectory(_out);
        File.Copy(Path.Combine(RepositoryRoot.Path, "results", "reference", "results.json"), Path.Combine(_out, "results.json"));

        var outcome = await BenchProcess.RunAsync("plot", _out, "--theme", "dark", "--size", "1280x720");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var charts = Directory.GetFiles(Path.Combine(_out, "charts"), "*.svg");
        Assert.Contains(charts, c => c.EndsWith("overhead.svg", StringComparison.Ordinal));
        Assert.Contains("width=\"1280\"", File.ReadAllText(charts[0]), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "report.html")));
    }

    [Theory]
    [InlineData("plot", "/nonexistent/transports-run")]
    [InlineData("run", "--size", "10x10")]
    [InlineData("run", "--theme", "neon")]
    public async Task Bad_chart_arguments_are_usage_errors(params string[] args)
    {
        var outcome = await BenchProcess.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SIGTERM_stops_like_Ctrl_C_keeping_the_scenarios_measured_and_naming_the_missing_ones()
    {
        // SIGTERM, not SIGINT: a process started in the background by a non-interactive shell ignores SIGINT, and so
        // would the bench under it, while SIGTERM always arrives. Both cancel the same token (System.CommandLine), so
        // this is Ctrl+C's path too.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(Bench.BenchCli).Assembly.Location, "run", "--transports", "tcp", "--payload", "16,32,64,128,256,512", "--clients", "1", "--duration", "0.6s", "--warmup", "0s", "--windows", "1", "--out", _out, "--no-charts" })
        {
            start.ArgumentList.Add(arg);
        }

        using var run = Process.Start(start)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var results = Path.Combine(_out, "results.json");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !(File.Exists(results) && ResultsJson.Read(results).Scenarios.Count >= 1))
        {
            await Task.Delay(50);
        }

        using (var terminate = Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync().WaitAsync(TestDefaults.Timeout);
        }

        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var kept = ResultsJson.Read(results);
        Assert.True(run.ExitCode == Bench.BenchCli.Interrupted, $"exit {run.ExitCode}: {await stdout}");
        Assert.Equal("interrupted", kept.Status);
        Assert.NotEmpty(kept.Scenarios);
        Assert.NotEmpty(kept.Missing);
        Assert.Equal(6, kept.Scenarios.Count(ScenarioStatus.IsOk) + kept.Missing.Count);
        Assert.Contains("missing", await stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "summary.md")), "summary.md is written for what was kept");
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
