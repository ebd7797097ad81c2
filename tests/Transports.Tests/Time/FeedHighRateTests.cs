using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Time;

/// <summary>
/// The feed on the system clock at a rate whose gaps are far under a millisecond (the publisher's short sleeps): it
/// publishes in batches per wake, and a pause still stops it at once, short sleep or not.
/// </summary>
public sealed class FeedHighRateTests
{
    [Fact]
    public async Task At_a_million_a_second_events_come_in_batches_and_a_pause_stops_them_at_once()
    {
        var options = TestDefaults.ServerOptions with { Time = TimeProvider.System };
        var feed = new EventFeed(options);
        using var publisher = new FeedPublisher(feed, options);
        await publisher.StartAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        try
        {
            publisher.Configure(rateHz: 1_000_000, payloadBytes: 16);
            await feed.ReadAfterAsync(2_000, [], 1, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
            var position = publisher.Pause();

            // Batches: more events than wakes, i.e. fewer distinct publish timestamps than events.
            var published = new List<FeedEvent>();
            feed.CopyAfter(0, published, (int)position.LastSequence);
            Assert.True(published.Count > published.Select(e => e.PublishTimestamp).Distinct().Count());

            // Nothing after the pause, however long we look (the publisher may be in a short sleep when it comes).
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            Assert.Equal(position.LastSequence, feed.LastSequence);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        }
    }
}
