using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Transports.Bench.Fuzz;
using Transports.Bench.Fuzz.Generators;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Servers;
using Xunit;

namespace Transports.Tests.BadInput;

/// <summary>
/// The fuzz suite, short: a few hundred seeded inputs against a loopback server (the full run is `fuzz`, 10,000). The
/// checks it relies on are shown failing: a refusal expected where the server answers, a 500, a response parse. Alone:
/// the flat-heap check reads this process's heap.
/// </summary>
[Collection(HeapMeasured.Name)]
public sealed class FuzzTests
{
    private const int ShortRun = 400;

    /// <summary>An exchange bounds its own connect and its wait for a refusal; this bound is above both together.</summary>
    private static readonly TimeSpan ExchangeBound = FuzzExchange.ConnectTimeout + FuzzExchange.RefusalTimeout + TestDefaults.Timeout;

    [Fact]
    public async Task A_short_seeded_run_passes_every_check()
    {
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = FuzzRunner.StompHeartbeat }).WaitAsync(TestDefaults.Timeout);
        using var control = new ServerControlClient(server.ControlUri);
        var target = new ServerTarget(server.HttpUri, server.TcpEndPoint, server.ControlUri);

        var report = await FuzzRunner.RunAsync(target, control, TestDefaults.ServerOptions.MaxUpstreamBytes, new FuzzOptions { Inputs = ShortRun, Seed = 7, Concurrency = 8 }, null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(report.Passed, string.Join("\n", [.. report.Problems(), .. report.Failures.Take(10)]));
        Assert.Equal(ShortRun, report.Sent);
        Assert.Equal(FuzzGenerators.All.Select(g => g.Name).Order(StringComparer.Ordinal), report.Families.Keys);
        Assert.True(report.MustCount > 0 && report.Rejected >= report.MustCount);
        Assert.True(report.Published > 0);
    }

    /// <summary>
    /// The STOMP family gets past the handshake: every input the STOMP conversation must refuse is answered 101 (a
    /// handshake refused with 400 would pass as a refusal) and ends with ERROR's close (1002, 1007, 1009), and the
    /// server counts every refusal the clients saw. No feed runs, so no event races a refusal.
    /// </summary>
    [Fact]
    public async Task STOMP_inputs_reach_the_conversation_and_every_refusal_is_counted()
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { StompHeartbeat = FuzzRunner.StompHeartbeat });
        var wire = ((ITestServer)server).Wire;
        var rejected = wire.Rejected;
        var target = new FuzzTarget(new IPEndPoint(IPAddress.Loopback, server.Server.HttpUri.Port), server.Server.TcpEndPoint, new IPEndPoint(IPAddress.Loopback, server.Server.ControlUri.Port), TestDefaults.ServerOptions.MaxUpstreamBytes);
        var generator = new StompFrameGenerator();
        var results = new ConcurrentBag<FuzzResult>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 150), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, token) =>
            results.Add(await FuzzExchange.SendAsync(generator.Create(index, new Random(index), target), token).WaitAsync(ExchangeBound, token))).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.All(results, r => Assert.True(r.Failure is null, $"#{r.Input.Index} {r.Input.Description}: {r.Failure}"));
        // (Inputs that may be held get a short wait, which a loaded server's first answer can outlast: no status then.)
        var mustRefuse = results.Where(r => r.Input.Expect == FuzzExpectation.Counted && r.Input.Description != StompFrameGenerator.NotUtf8).ToList();
        Assert.True(mustRefuse.Count > 50, $"{mustRefuse.Count} inputs to refuse");
        Assert.All(mustRefuse, r => Assert.True(r.Response is { Status: 101, CloseCode: 1002 or 1007 or 1009 }, $"#{r.Input.Index} {r.Input.Description}: status {r.Response.Status}, close {r.Response.CloseCode}"));
        // Each refusal a client saw is counted; an input it may refuse (garbage in a binary message) can be refused
        // after a loaded client stopped waiting, counted but not seen: at most one count per such input on top.
        var refused = results.Count(r => r.Outcome == FuzzOutcome.Refused);
        var maybe = results.Count(r => r.Input.Expect == FuzzExpectation.Any && r.Outcome != FuzzOutcome.Refused);
        await Eventually.AssertAsync(() => wire.Rejected - rejected >= refused, $"the server to count the {refused} refusals the clients saw");
        Assert.InRange(wire.Rejected - rejected, refused, refused + maybe);
    }

    [Fact]
    public void A_seed_recreates_every_input_exactly()
    {
        var target = new FuzzTarget(new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2), new IPEndPoint(IPAddress.Loopback, 3), 4096);
        for (var index = 0; index < 200; index++)
        {
            var one = FuzzGenerators.Create(5, index, target);
            var two = FuzzGenerators.Create(5, index, target);
            Assert.Equal(one.Bytes, two.Bytes);
            Assert.Equal(one.Splits, two.Splits);
            Assert.Equal(one.Expect, two.Expect);
        }

        Assert.NotEqual(FuzzGenerators.Create(5, 0, target).Bytes, FuzzGenerators.Create(6, 0, target).Bytes);
    }

    [Fact]
    public async Task An_input_that_should_be_refused_but_is_answered_fails()
    {
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions).WaitAsync(TestDefaults.Timeout);
        var http = new IPEndPoint(IPAddress.Loopback, server.HttpUri.Port);
        var valid = HttpText.Request("GET", $"{TransportPaths.Poll}?cursor=0", $"127.0.0.1:{http.Port}");

        var wrong = await FuzzExchange.SendAsync(new FuzzInput("test", 0, http, valid, FuzzExpectation.Counted, "a valid poll claimed bad"), CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var right = await FuzzExchange.SendAsync(new FuzzInput("test", 1, http, valid, FuzzExpectation.Any, "a valid poll"), CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(FuzzOutcome.Answered, wrong.Outcome);
        Assert.StartsWith("expected a refusal", wrong.Failure, StringComparison.Ordinal);
        Assert.Null(right.Failure);
    }

    [Theory]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", false, FuzzOutcome.ServerError)]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nbad\r\n", false, FuzzOutcome.Refused)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false, FuzzOutcome.Answered)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, FuzzOutcome.Answered)]
    [InlineData("", false, FuzzOutcome.Held)]
    [InlineData("", true, FuzzOutcome.Refused)]
    public void A_response_is_read_as_far_as_it_goes(string received, bool serverClosed, FuzzOutcome expected) =>
        Assert.Equal(expected, FuzzResponse.Parse(Encoding.ASCII.GetBytes(received), webSocket: false).Outcome(serverClosed));

    [Fact]
    public void A_websocket_close_other_than_1000_is_a_refusal()
    {
        byte[] head = [.. "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"u8];
        byte[] text = [0x81, 0x02, (byte)'h', (byte)'i'];
        byte[] close = [0x88, 0x02, 0x03, 0xEA];
        byte[] normal = [0x88, 0x02, 0x03, 0xE8];

        Assert.Equal(1002, FuzzResponse.Parse([.. head, .. text, .. close], webSocket: true).CloseCode);
        Assert.Equal(FuzzOutcome.Refused, FuzzResponse.Parse([.. head, .. text, .. close], webSocket: true).Outcome(serverClosed: false));
        Assert.Equal(FuzzOutcome.Answered, FuzzResponse.Parse([.. head, .. text, .. normal], webSocket: true).Outcome(serverClosed: false));
        Assert.Null(FuzzResponse.Parse([.. head, .. text], webSocket: true).CloseCode);
    }
}
