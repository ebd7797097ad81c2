using System.Net;
using Transports.Results;
using Transports.Servers;
using Transports.Tests.Cli;

namespace Transports.Tests.MultiHost;

/// <summary>
/// Two client shards (the real program, two processes) against one server whose control plane wants a token,
/// then `results merge`: the merged folder counts every client once, and the server's bytes once.
/// </summary>
public sealed class ShardedRunTests : IDisposable
{
    private const string Token = "test-token-0123456789abcdef";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "transports-shards-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Two_shards_merge_into_one_run_that_adds_up()
    {
        await using var server = await TransportServer.StartAsync(new TransportServerOptions { ControlToken = Token }).WaitAsync(TestDefaults.Timeout);
        string[] Shard(string share) =>
        [
            "run", "--server", server.ControlUri.ToString(), "--token", Token, "--client-share", share,
            "--transports", "websocket", "--payload", "16", "--clients", "5", "--rate", "20",
            "--duration", "1s", "--warmup", "0.3s", "--windows", "2", "--no-charts", "--out", Path.Combine(_root, share.Replace('/', '-')),
        ];

        var shards = await Task.WhenAll(BenchProcess.RunAsync(Shard("1/2")), BenchProcess.RunAsync(Shard("2/2")));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.Stdout + s.Stderr));

        var merge = await BenchProcess.RunAsync("results", "merge", Path.Combine(_root, "2-2"), Path.Combine(_root, "1-2"), "--out", Path.Combine(_root, "merged"), "--no-charts");
        Assert.True(merge.ExitCode == 0, merge.Stdout + merge.Stderr);

        var one = ResultsJson.Read(Path.Combine(_root, "1-2", "results.json"));
        var two = ResultsJson.Read(Path.Combine(_root, "2-2", "results.json"));
        var merged = ResultsJson.Read(Path.Combine(_root, "merged", "results.json"));
        Assert.Equal(["websocket", "tcp"], merged.Scenarios.Select(s => s.Transport));
        foreach (var scenario in merged.Scenarios)
        {
            var a = one.Scenarios.Single(s => s.Name == scenario.Name);
            var b = two.Scenarios.Single(s => s.Name == scenario.Name);
            Assert.Equal(("1/2", "2/2"), (a.ClientShare, b.ClientShare));
            Assert.Equal(a.EventsPublished, b.EventsPublished);
            Assert.Equal(5, scenario.Clients);
            Assert.Equal(scenario.EventsPublished * 5, scenario.EventsExpected);
            Assert.Equal(a.EventsDelivered + b.EventsDelivered, scenario.EventsDelivered);
            Assert.Equal(scenario.EventsExpected, scenario.EventsDelivered);
            Assert.Equal(0, scenario.EventsLost);
            Assert.Equal(scenario.EventsDelivered, scenario.LatencyMs.Count);
            Assert.NotNull(scenario.ClockOffsetMs);

            // One server window seen by both shards: its bytes out are every client's bytes in, counted once.
            Assert.Equal(a.ServerBytesOut, b.ServerBytesOut);
            Assert.Equal(scenario.ServerBytesOut, scenario.ClientBytesReceived);
        }

        Assert.True(File.Exists(Path.Combine(_root, "merged", "summary.md")));
    }

    [Fact]
    public async Task The_control_plane_wants_its_token()
    {
        await using var server = await TransportServer.StartAsync(new TransportServerOptions { ControlToken = Token }).WaitAsync(TestDefaults.Timeout);
        using var http = new HttpClient { BaseAddress = server.ControlUri };

        using var none = await http.GetAsync(new Uri("control/stats", UriKind.Relative)).WaitAsync(TestDefaults.Timeout);
        using var wrong = await Get(http, "Bearer test-token-0123456789abcdeX");
        using var right = await Get(http, $"Bearer {Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        var refused = await BenchProcess.RunAsync("run", "--server", server.ControlUri.ToString(), "--out", Path.Combine(_root, "refused"));
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: --token:", refused.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("control/stats", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request).WaitAsync(TestDefaults.Timeout);
    }
}
