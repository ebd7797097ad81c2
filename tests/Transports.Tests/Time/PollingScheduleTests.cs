using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Time;

/// <summary>
/// The polling client's schedule on fake time, in memory: exactly one poll per interval, so requests per event are
/// exactly (1 / interval) / rate. No sleeps and no ranges: time moves only when the test moves it.
/// </summary>
public sealed class PollingScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Polling_makes_one_over_interval_over_rate_requests_per_event()
    {
        // 5 events/s against a poll every 50 ms: (1000 / 50) / 5 = 4 polls for every event.
        const double Rate = 5;
        var pollsPerEvent = (int)(1000 / Interval.TotalMilliseconds / Rate);
        const int Events = 10;
        var time = new ManualTimeProvider();
        await using ITestServer server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { Time = time });
        var requests = new ObservedRequests();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(TransportIds.Polling, requests.Observe(server.Connections(new WireCounter())), sink, new ClientOptions { PollInterval = Interval, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        await requests.WaitForAnsweredAsync(1);

        // The schedule starts once the client waits on its timer; from then on each interval is one poll.
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);
        for (var poll = 1; poll <= Events * pollsPerEvent; poll++)
        {
            if (poll % pollsPerEvent == 1)
            {
                server.Feed.Publish(16);
            }

            time.Advance(Interval);
            await requests.WaitForAnsweredAsync(1 + poll);
        }

        await sink.WaitUntilAsync(events => events.Count == Events);
        var polls = requests.Answered - 1;
        Assert.Equal(Events * pollsPerEvent, polls);
        Assert.Equal(polls, requests.Sent - 1);
        Assert.Equal(Events, sink.Events.Count);
        Assert.Equal(4.0, (double)polls / sink.Events.Count);
        Assert.Equal(Events * Interval * pollsPerEvent, time.Elapsed);
    }

    [Fact]
    public async Task The_first_poll_comes_one_interval_after_the_phase()
    {
        var phase = TimeSpan.FromMilliseconds(30);
        var time = new ManualTimeProvider();
        await using var server = await InMemoryTestServer.StartAsync(TestDefaults.ServerOptions with { Time = time });
        var requests = new ObservedRequests();
        await using var client = TransportClients.Create(TransportIds.Polling, requests.Observe(server.Connections(new WireCounter())), new RecordingSink(), new ClientOptions { PollInterval = Interval, PollPhase = phase, Time = time });
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        await requests.WaitForAnsweredAsync(1);

        // The phase is one timer; once it fires, the client starts its schedule with a second one.
        await time.WaitUntilAsync(t => t.TimersCreated == 1 && t.ArmedTimers == 1);
        time.Advance(phase);
        await time.WaitUntilAsync(t => t.TimersCreated == 2 && t.ArmedTimers == 1);
        time.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.Equal(1, requests.Sent);

        time.Advance(TimeSpan.FromTicks(1));
        await requests.WaitForAnsweredAsync(2);
        Assert.Equal(phase + Interval, time.Elapsed);
    }
}
