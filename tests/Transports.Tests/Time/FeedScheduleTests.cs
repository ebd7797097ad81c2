using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Time;

/// <summary>
/// The feed's arrival schedules on fake time: fixed gaps of exactly 1/rate, Poisson gaps exactly the seeded
/// exponential draws, and a pause that stops publishing at once.
/// </summary>
public sealed class FeedScheduleTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private EventFeed _feed = null!;
    private FeedPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        var options = TestDefaults.ServerOptions with { Time = _time };
        _feed = new EventFeed(options);
        _publisher = new FeedPublisher(_feed, options);
        await _publisher.StartAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
    }

    public async Task DisposeAsync()
    {
        await _publisher.StopAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        _publisher.Dispose();
    }

    [Fact]
    public async Task Fixed_arrivals_publish_once_every_one_over_rate()
    {
        _publisher.Configure(rateHz: 10, payloadBytes: 16);
        await AssertPublishedAtAsync(Enumerable.Repeat(TimeSpan.FromMilliseconds(100).Ticks, 20).ToList());
        Assert.Equal(TimeSpan.FromSeconds(2), _time.Elapsed);
    }

    [Fact]
    public async Task Poisson_gaps_are_exactly_the_seeded_exponential_draws()
    {
        const double Rate = 100;
        const int Seed = 12345;
        var answer = _publisher.Configure(Rate, 16, FeedArrivals.Poisson, Seed);
        Assert.Equal(new FeedSettings(Rate, 16, FeedArrivals.Poisson, Seed), answer.Feed);

        // Gap i = -ln(1 - U_i) / rate, U_i the seeded generator's i-th draw, in the clock's ticks.
        var random = new Random(Seed);
        var gaps = Enumerable.Range(0, 100).Select(_ => (long)(-Math.Log(1 - random.NextDouble()) / Rate * TimeSpan.TicksPerSecond)).ToList();
        await AssertPublishedAtAsync(gaps);
        Assert.Equal(TimeSpan.FromTicks(gaps.Sum()), _time.Elapsed);
    }

    [Fact]
    public async Task A_pause_stops_publishing_and_drops_the_pending_wait()
    {
        _publisher.Configure(rateHz: 10, payloadBytes: 16);
        await _feed.ReadAfterAsync(0, [], 1, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        await _time.WaitUntilAsync(t => t.ArmedTimers == 1);

        var position = _publisher.Pause();
        await _time.WaitUntilAsync(t => t.ArmedTimers == 0);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, position.LastSequence);
        Assert.Equal(1, _feed.LastSequence);
        Assert.Equal(0, position.Feed!.RateHz);
    }

    [Fact]
    public void Poisson_without_a_seed_gets_one_and_reports_it()
    {
        var answer = _publisher.Configure(0, 16, FeedArrivals.Poisson);

        Assert.NotNull(answer.Feed!.Seed);
        Assert.Equal(answer.Feed, _publisher.Settings);
        Assert.Null(_publisher.Configure(0, 16).Feed!.Seed);
    }

    /// <summary>The first event goes at once; each later one exactly its gap (in ticks) after the one before, not a tick sooner.</summary>
    private async Task AssertPublishedAtAsync(List<long> gaps)
    {
        Assert.All(gaps, gap => Assert.True(gap > 1, "the schedule under test needs gaps of 2 ticks or more"));
        await WaitForSequenceAsync(1);
        for (var i = 0; i < gaps.Count; i++)
        {
            // Move the clock only once the publisher waits on its next timer: then it moves that timer alone.
            await _time.WaitUntilAsync(t => t.ArmedTimers == 1);
            _time.Advance(TimeSpan.FromTicks(gaps[i] - 1));
            Assert.Equal(i + 1, _feed.LastSequence);

            _time.Advance(TimeSpan.FromTicks(1));
            await WaitForSequenceAsync(i + 2);
        }
    }

    private async Task WaitForSequenceAsync(long sequence) =>
        await _feed.ReadAfterAsync(sequence - 1, [], 1, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
}
