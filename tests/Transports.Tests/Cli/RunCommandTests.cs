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

        // The server process run started reads this host's monotonic clock: latency needs no offset, and gets none.
        Assert.All(results.Scenarios, s => Assert.Equal((0.0, 0.0), (s.ClockOffsetMs, s.ClockOffsetUncertaintyMs)));
        Assert.True(File.Exists(Path.Combine(_out, "results.csv")));
        Assert.Contains("| websocket |", File.ReadAllText(Path.Combine(_out, "summary.md")), StringComparison.Ordinal);
        AssertRequiredKeys(File.ReadAllText(Path.Combine(_out, "results.json")));
    }

    [Fact]
    public async Task Arrivals_reach_results_json_csv_and_summary_with_the_seed_that_replays_them()
    {
        var outcome = await BenchProcess.RunAsync(
            "run", "--transports", "tcp", "--payload", "16", "--clients", "1", "--rate", "20", "--arrivals", "fixed,poisson", "--seed", "77",
            "--duration", "0.3s", "--warmup", "0s", "--windows", "1", "--out", _out, "--no-charts");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var results = ResultsJson.Read(Path.Combine(_out, "results.json"));
        Assert.Equal([Arrival.Fixed, Arrival.Poisson], results.Scenarios.Select(s => s.Arrivals));
        var (fixedArrivals, poisson) = (results.Scenarios[0], results.Scenarios[1]);
        Assert.Equal("tcp/payload=16/rate=20/clients=1/poll=250ms/up=0", fixedArrivals.Name);
        Assert.Equal("tcp/payload=16/rate=20/clients=1/poll=250ms/up=0/arrivals=poisson", poisson.Name);
        Assert.All(results.Scenarios, s => Assert.True(ScenarioStatus.IsOk(s), s.Error));
        Assert.Equal(77, results.Settings.Seed);
        Assert.Null(fixedArrivals.Seeds!.Feed);
        Assert.NotNull(poisson.Seeds!.Feed);
        Assert.True(poisson.EventsPublished > 0);

        var csv = File.ReadAllLines(Path.Combine(_out, "results.csv"));
        var columns = csv[0].Split(',').ToList();
        Assert.Equal(["fixed", "poisson"], csv.Skip(1).Select(line => line.Split(',')[columns.IndexOf("arrivals")]));
        Assert.Equal(["", poisson.Seeds.Feed!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], csv.Skip(1).Select(line => line.Split(',')[columns.IndexOf("seeds.feed")]));
        var summary = File.ReadAllText(Path.Combine(_out, "summary.md"));
        Assert.Contains("| Transport | fixed arrivals | poisson arrivals |", summary, StringComparison.Ordinal);
        Assert.Contains("**Arrivals:** fixed, poisson", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_over_an_emulated_path_records_it_and_prints_the_model_beside_the_measurement()
    {
        var outcome = await BenchProcess.RunAsync(
            "run", "--transports", "long-polling", "--payload", "16", "--clients", "1", "--rate", "5", "--rtt", "40ms", "--bandwidth", "100mbit",
            "--duration", "0.6s", "--warmup", "0.2s", "--windows", "1", "--out", _out, "--no-charts");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var results = ResultsJson.Read(Path.Combine(_out, "results.json"));
        Assert.All(results.Scenarios, s =>
        {
            Assert.Equal((40, 0, 100_000_000L, "custom"), (s.RttMs, s.JitterMs, s.BandwidthBitsPerSecond, s.Network));
            Assert.EndsWith("/arrivals=poisson/rtt=40ms/bw=100mbit", s.Name, StringComparison.Ordinal);
            Assert.NotNull(s.Relay);
            Assert.Equal(0, s.Relay!.DiscardedBytes);
            Assert.Equal(s.ClientBytesReceived, s.ServerBytesOut);
            Assert.Equal(s.EventsExpected, s.EventsDelivered);
        });
        Assert.Contains("RFC 6202 model vs measured", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("about one transit", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Bandwidth-limited paths", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("emulator late", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_measures_a_server_that_is_already_running()
    {
        await using var server = await Servers.TransportServer.StartAsync(new Servers.TransportServerOptions { PublishRateHz = 2 }).WaitAsync(TestDefaults.Timeout);

        var outcome = await BenchProcess.RunAsync(
            "run", "--server", server.ControlUri.ToString(), "--transports", "sse", "--payload", "100", "--clients", "2",
            "--duration", "0.5s", "--warmup", "0.2s", "--windows", "1", "--out", _out, "--no-charts");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var results = ResultsJson.Read(Path.Combine(_out, "results.json"));
        Assert.Equal(server.ControlUri.ToString(), results.Environment.Server);
        Assert.All(results.Scenarios, s => Assert.Equal(s.EventsExpected, s.EventsDelivered));

        // A server given by --server may be on another host: its clock offset is estimated, give or take a half round trip.
        Assert.All(results.Scenarios, s => Assert.True(s.ClockOffsetMs is not null && s.ClockOffsetUncertaintyMs > 0, s.Name));

        // The server this test holds counted the same bytes the harness's clients did, and publishes as before.
        Assert.Equal(results.Scenarios.Sum(s => s.ClientBytesReceived), results.Scenarios.Sum(s => s.ServerBytesOut));
        Assert.Equal(2, server.Publisher.RateHz);
    }

    [Fact]
    public async Task Run_against_nothing_listening_is_a_usage_error()
    {
        var outcome = await BenchProcess.RunAsync("run", "--server", "http://127.0.0.1:9/", "--out", _out);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no transports control plane at http://127.0.0.1:9/", outcome.Stderr, StringComparison.Ordinal);
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
