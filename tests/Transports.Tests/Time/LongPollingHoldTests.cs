using System.Net;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Time;

/// <summary>The long-poll hold on the server's fake clock: held exactly as long as it should be, one answer per sparse event.</summary>
public sealed class LongPollingHoldTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_long_poll_with_nothing_to_send_is_answered_empty_exactly_when_the_hold_ends()
    {
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { LongPollTimeout = Hold, Time = time });
        using var http = new HttpClient(server.Connections(new WireCounter()).CreateHttpHandler()) { BaseAddress = new Uri("http://localhost/") };

        var held = http.GetAsync($"{TransportPaths.LongPoll}?{TransportPaths.CursorQuery}={server.Feed.LastSequence}");
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);
        time.Advance(Hold - TimeSpan.FromTicks(1));
        Assert.False(held.IsCompleted, "the hold has not ended: the long-poll must still be held");

        time.Advance(TimeSpan.FromTicks(1));
        using var response = await held.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().WaitAsync(TestDefaults.Timeout));
    }

    [Fact]
    public async Task Long_polling_at_sparse_events_makes_one_request_per_event()
    {
        // Sparse: each event is published only once the client's next long-poll is held, and the hold never ends.
        const int Events = 5;
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { LongPollTimeout = Hold, Time = time });
        var requests = new ObservedRequests();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(TransportIds.LongPolling, requests.Observe(server.Connections(new WireCounter())), sink, TestDefaults.ClientOptions with { Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        for (var e = 1; e <= Events; e++)
        {
            // Each held long-poll makes one hold timer.
            await time.WaitUntilAsync(t => t.TimersCreated == e && t.ArmedTimers == 1);
            var published = server.Feed.Publish(16);
            await sink.WaitForSequenceAsync(published.Sequence);
        }

        await time.WaitUntilAsync(t => t.TimersCreated == Events + 1 && t.ArmedTimers == 1);
        Assert.Equal(Events, sink.Events.Count);
        Assert.Equal(1 + Events, requests.Answered);
        Assert.Equal(1 + Events + 1, requests.Sent);
        Assert.Equal(TimeSpan.Zero, time.Elapsed);
    }
}
