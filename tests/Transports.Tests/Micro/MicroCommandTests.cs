using System.Text.Json;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using Transports.Bench;
using Transports.Bench.Micro;
using Transports.Contract;
using Transports.Tests.Cli;

namespace Transports.Tests.Micro;

/// <summary>`micro` end to end with the dry job (each benchmark once, about two seconds in all), and its defaults.</summary>
public sealed class MicroCommandTests : IDisposable
{
    // Every benchmark case: each wire format of the descriptors x (encode, decode), parse, record, a round trip per
    // transport of ours, and the send path of each coalescing transport with coalescing on and off.
    private static readonly int Cases = (CodecBenchmarks.Formats.Count() * 2) + 1 + 1 + RoundTripBenchmarks.Transports.Count() + (SendBenchmarks.Transports.Count() * 2);

    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "transports-micro-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Dry_job_runs_every_benchmark_and_writes_json_reports()
    {
        var outcome = await BenchProcess.RunAsync("micro", "--job", "dry", "--artifacts", _artifacts);

        Assert.True(outcome.ExitCode == BenchCli.Ok, outcome.Stdout + outcome.Stderr);
        var reports = Directory.GetFiles(Path.Combine(_artifacts, "results"), "*-report-full.json");
        Assert.Equal(MicroSuite.Benchmarks.Count, reports.Length);
        Assert.Equal(MicroSuite.Benchmarks.Count, Directory.GetFiles(Path.Combine(_artifacts, "results"), "*-report-github.md").Length);
        var names = reports.SelectMany(BenchmarkNames).ToList();
        Assert.Equal(Cases, names.Count);
        Assert.Contains("Transports.Bench.Micro.RecordBenchmarks.Record", names);
        Assert.Contains("Transports.Bench.Micro.RoundTripBenchmarks.RoundTrip(Transport: \"tcp\")", names);
        Assert.Contains(names, n => n.StartsWith("Transports.Bench.Micro.SendBenchmarks.Send(", StringComparison.Ordinal) && n.Contains("\"websocket\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_fails_and_writes_nothing()
    {
        var outcome = await BenchProcess.RunAsync("micro", "--job", "dry", "--filter", "*NoSuchBenchmark*", "--artifacts", _artifacts);

        Assert.Equal(BenchCli.Failure, outcome.ExitCode);
        Assert.Contains("no benchmark ran", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_artifacts, "results")));
    }

    [Fact]
    public async Task An_argument_BenchmarkDotNet_does_not_know_is_a_usage_error()
    {
        var outcome = await BenchProcess.RunAsync("micro", "--no-such-option");

        Assert.Equal(BenchCli.Usage, outcome.ExitCode);
    }

    [Fact]
    public void Without_a_filter_or_toolchain_every_benchmark_runs_in_process()
    {
        Assert.Equal(["--job", "dry", "--filter", "*", "--inProcess"], Defaults("--job", "dry"));
    }

    [Fact]
    public void A_filter_or_toolchain_the_user_gave_is_kept_as_given()
    {
        Assert.Equal(["--filter", "*Record*", "--inProcess"], Defaults("--filter", "*Record*"));
        Assert.Equal(["--anyCategories", "x", "--inProcess"], Defaults("--anyCategories", "x"));
        Assert.Equal(["--runtimes", "net8.0", "--filter", "*"], Defaults("--runtimes", "net8.0"));
        Assert.Equal(["--inProcess", "--filter", "*"], Defaults("--inProcess"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_artifacts))
        {
            Directory.Delete(_artifacts, recursive: true);
        }
    }

    private static string[] Defaults(params string[] arguments)
    {
        var (parsed, _, options) = ConfigParser.Parse(arguments, NullLogger.Instance);
        Assert.True(parsed);
        return MicroSuite.WithDefaults(arguments, options!);
    }

    private static IEnumerable<string> BenchmarkNames(string report)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        return [.. json.RootElement.GetProperty("Benchmarks").EnumerateArray().Select(b => b.GetProperty("FullName").GetString()!)];
    }
}
