using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Harness;

/// <summary>
/// `run --drop-every`: the server drops every connection inside the window and every transport resumes from its cursor
/// (SSE through Last-Event-ID, polling and long polling through ?cursor=, WebSocket and tcp through theirs) with
/// nothing lost and nothing twice; the reconnects are counted, the events that straddled a drop timed on their own.
/// </summary>
public sealed class ForcedDisconnectTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    [Theory]
    [MemberData(nameof(TransportTheories.EveryTransport), MemberType = typeof(TransportTheories))]
    public async Task Every_transport_resumes_after_drops_with_nothing_lost_and_nothing_twice(string transport)
    {
        // Drops at 300, 600 and 900 ms of a 1 s window: each client is connected at the first, so each reconnects.
        var result = await harness.RunAsync(transport, rateHz: 20, clients: 2, seconds: 1, pollMs: 50, change: s => s with { DropEvery = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(300, result.DropEveryMs);
        Assert.EndsWith("/drop=300ms", result.Name, StringComparison.Ordinal);
        Assert.True(result.EventsPublished > 0);
        Assert.Equal(0, result.EventsLost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.True(result.Reconnects >= result.Clients, $"{result.Reconnects} reconnects for {result.Clients} clients");
        Assert.NotNull(result.AfterDropLatencyMs);
        Assert.True(result.AfterDropLatencyMs!.Count > 0);
    }

    [Fact]
    public async Task Without_drops_nothing_reconnects_and_there_is_no_after_drop_latency()
    {
        var result = await harness.RunAsync(TransportIds.Polling, rateHz: 20, clients: 2, seconds: 0.6, pollMs: 50);

        Assert.Equal(0, result.Reconnects);
        Assert.Null(result.AfterDropLatencyMs);
        Assert.DoesNotContain("drop=", result.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_straddles_a_drop_when_published_before_the_first_delivery_after_it()
    {
        var drops = new DropClock();
        var recorder = new ClientRecorder(new WireCounter(), drops);
        recorder.Arm(baseSequence: 0, capacity: 16);

        recorder.OnEvent(new ReceivedEvent(1, PublishTimestamp: 100, ReceivedTimestamp: 110, PayloadBytes: 16));
        drops.Mark(200);
        // In flight across the drop, then the burst the reconnect brings (the first delivery after the drop at 400),
        // then an event published after that burst began: only the second and third straddle the drop.
        recorder.OnEvent(new ReceivedEvent(2, PublishTimestamp: 190, ReceivedTimestamp: 400, PayloadBytes: 16));
        recorder.OnEvent(new ReceivedEvent(3, PublishTimestamp: 300, ReceivedTimestamp: 401, PayloadBytes: 16));
        recorder.OnEvent(new ReceivedEvent(4, PublishTimestamp: 450, ReceivedTimestamp: 460, PayloadBytes: 16));

        Assert.Equal([210L, 101L], recorder.AfterDropLatency.Ticks.ToArray());
        Assert.Equal(4, recorder.Latency.Count);
    }

    [Fact]
    public async Task The_control_plane_counts_the_open_connections_beside_the_memory()
    {
        // A server of its own: the fixture's may still be closing an earlier scenario's connections.
        await using var server = await LoopbackTestServer.StartAsync();
        using var control = new ServerControlClient(server.Server.ControlUri);
        var before = await control.MemoryAsync(collect: true, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var clients = new List<ITransportClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = TransportClients.Create(TransportIds.WebSocket, server.Connections(new WireCounter()), new RecordingSink(), TestDefaults.ClientOptions);
                clients.Add(client);
                await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
            }

            var after = await control.MemoryAsync(collect: true, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

            Assert.Equal(3, after.Connections - before.Connections);
            Assert.True(after.WorkingSetBytes > 0 && after.ManagedHeapBytes > 0);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
