using Transports.Network;

namespace Transports.Tests.Network;

/// <summary>The link model on fake time: every delivery time is exact, and nothing is delivered a tick early.</summary>
public sealed class NetworkLinkTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task A_chunk_written_at_t_arrives_at_exactly_t_plus_half_the_rtt()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(NetworkConditions.Create(TimeSpan.FromMilliseconds(100)).ToServer, time, seed: 1);
        var flow = link.OpenFlow();
        time.Advance(TimeSpan.FromMilliseconds(7));

        await flow.WriteAsync("hello"u8.ToArray(), CancellationToken.None);
        var read = flow.ReadAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.False(read.IsCompleted, "delivered before the one-way delay had passed");
        time.Advance(Tick);
        Assert.Equal("hello"u8.ToArray(), (await read.WaitAsync(TestDefaults.Timeout)).ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(57), time.Elapsed);
    }

    [Fact]
    public async Task A_chunk_takes_n_times_8_over_b_and_a_second_one_queues_behind_it()
    {
        // 1,250 bytes at 1 Mbit/s: 10,000 bits, 10 ms on the link; no propagation delay, so delivery = serialization.
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.Zero, bandwidthBitsPerSecond: 1_000_000), time, seed: 1);
        var flow = link.OpenFlow();
        var chunk = new byte[1_250];

        var first = flow.Enqueue(chunk);
        var second = flow.Enqueue(chunk);

        Assert.Equal(ToTimestamp(10), first.FinishedAt);
        Assert.Equal(ToTimestamp(20), second.FinishedAt);
        Assert.Equal(ToTimestamp(10), second.QueueingDelay);
        var firstRead = flow.ReadAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10) - Tick);
        Assert.False(firstRead.IsCompleted, "the first chunk left the bottleneck before 10 ms");
        time.Advance(Tick);
        await firstRead.WaitAsync(TestDefaults.Timeout);

        var secondRead = flow.ReadAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10) - Tick);
        Assert.False(secondRead.IsCompleted, "the second chunk did not wait for the first");
        time.Advance(Tick);
        await secondRead.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(20), time.Elapsed);

        var counters = link.Counters;
        Assert.Equal(2_500, counters.Bytes);
        Assert.Equal(2, counters.Chunks);
        Assert.Equal(2_500, counters.DeliveredBytes);
        Assert.Equal(2_500, counters.PeakQueuedBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(10), counters.PeakQueueingDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(5), counters.MeanQueueingDelay);
        Assert.Equal(0, counters.InFlightBytes);
        Assert.Equal((2, TimeSpan.Zero), (counters.DeliveredChunks, counters.PeakLateness));
    }

    [Fact]
    public void Serialization_and_delay_add_up_and_an_idle_link_starts_at_once()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(40), bandwidthBitsPerSecond: 8_000_000), time, seed: 1);
        var flow = link.OpenFlow();

        var busy = flow.Enqueue(new byte[10_000]);
        time.Advance(TimeSpan.FromMilliseconds(30));
        var idle = flow.Enqueue(new byte[1_000]);

        Assert.Equal(ToTimestamp(10 + 40), busy.DeliverAt);
        Assert.Equal(0, idle.QueueingDelay);
        Assert.Equal(ToTimestamp(30 + 1 + 40), idle.DeliverAt);
        Assert.Equal(10_000, link.Counters.PeakQueuedBytes);
    }

    [Fact]
    public void Connections_share_one_bottleneck_per_direction()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.Zero, bandwidthBitsPerSecond: 1_000_000), time, seed: 1);

        var a = link.OpenFlow().Enqueue(new byte[1_250]);
        var b = link.OpenFlow().Enqueue(new byte[1_250]);

        Assert.Equal(ToTimestamp(10), a.FinishedAt);
        Assert.Equal(ToTimestamp(20), b.FinishedAt);
        Assert.Equal(2_500, link.Counters.PeakQueuedBytes);
    }

    [Theory]
    [InlineData(JitterDistribution.Uniform)]
    [InlineData(JitterDistribution.Normal)]
    public async Task Jitter_keeps_every_delivery_within_d_plus_minus_j_and_never_reorders_a_connection(JitterDistribution distribution)
    {
        var schedules = Jittered(seed: 42, distribution, out var link, out var flow);
        var delay = ToTimestamp(50);
        var jitter = ToTimestamp(10);

        foreach (var schedule in schedules)
        {
            Assert.InRange(schedule.DeliverAt - schedule.FinishedAt, delay - jitter, delay + jitter);
        }

        Assert.Equal(schedules.Select(s => s.DeliverAt).Order(), schedules.Select(s => s.DeliverAt));
        Assert.True(link.Counters.HeldForOrder > 0, "chunks 1 ms apart with ±10 ms of jitter should have needed holding back");

        // The bytes come out in the order they went in.
        var time = (ManualTimeProvider)link.Time;
        time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < schedules.Count; i++)
        {
            var chunk = await flow.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
            Assert.Equal(BitConverter.GetBytes(i), chunk.ToArray());
        }
    }

    [Fact]
    public void Jitter_draws_spread_over_the_whole_range_and_normal_ones_gather_near_the_delay()
    {
        // 25 ms apart, more than the 20 ms a draw can span: nothing is held for order, so deliveries show the draws.
        var uniform = Offsets(Jittered(seed: 3, JitterDistribution.Uniform, out var uniformLink, out _, spacingMs: 25));
        var normal = Offsets(Jittered(seed: 3, JitterDistribution.Normal, out var normalLink, out _, spacingMs: 25));
        var jitter = ToTimestamp(10);

        Assert.Equal(0, uniformLink.Counters.HeldForOrder + normalLink.Counters.HeldForOrder);
        foreach (var offsets in new[] { uniform, normal })
        {
            Assert.InRange(offsets.Min(), -jitter, -jitter * 8 / 10);
            Assert.InRange(offsets.Max(), jitter * 8 / 10, jitter);
        }

        // Within ±j/2: half of uniform draws, about 68% of normal ones (σ = j/2).
        Assert.InRange(uniform.Count(o => Math.Abs(o) <= jitter / 2), 160, 240);
        Assert.InRange(normal.Count(o => Math.Abs(o) <= jitter / 2), 241, 320);

        static List<long> Offsets(List<LinkSchedule> schedules) => [.. schedules.Select(s => s.DeliverAt - s.FinishedAt - ToTimestamp(50))];
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var first = Jittered(seed: 7, JitterDistribution.Uniform, out _, out _);
        var again = Jittered(seed: 7, JitterDistribution.Uniform, out _, out _);
        var other = Jittered(seed: 8, JitterDistribution.Uniform, out _, out _);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task The_fin_arrives_after_the_data_one_delay_after_it_was_sent()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(30)), time, seed: 1);
        var flow = link.OpenFlow();
        await flow.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(5));
        flow.Complete();

        var data = flow.ReadAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(3, (await data.WaitAsync(TestDefaults.Timeout)).Length);

        var end = flow.ReadAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(5) - Tick);
        Assert.False(end.IsCompleted, "the FIN overtook its one-way delay");
        time.Advance(Tick);
        Assert.True((await end.WaitAsync(TestDefaults.Timeout)).IsEmpty);
        Assert.Throws<InvalidOperationException>(() => flow.Enqueue(new byte[1]));
    }

    [Fact]
    public async Task A_full_bottleneck_stops_the_sender_until_it_has_drained_and_counts_the_pause()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.Zero, bandwidthBitsPerSecond: 1_000_000), time, seed: 1, maxQueuedBytes: 1_000);
        var flow = link.OpenFlow();

        await flow.WriteAsync(new byte[600], CancellationToken.None);
        var overfull = flow.WriteAsync(new byte[650], CancellationToken.None).AsTask();
        Assert.False(overfull.IsCompleted, "1,250 queued bytes are above the 1,000-byte bound");

        // The first chunk (600 bytes, 4.8 ms) leaves the queue at 4.8 ms: 650 bytes remain, under the bound.
        time.Advance(TimeSpan.FromMilliseconds(4.8) - Tick);
        Assert.False(overfull.IsCompleted);
        time.Advance(Tick);
        await overfull.WaitAsync(TestDefaults.Timeout);

        Assert.Equal(1, link.Counters.BackpressureWaits);
        Assert.Equal(TimeSpan.FromMilliseconds(4.8), link.Counters.BackpressureTime);
        Assert.Equal(1_250, link.Counters.PeakQueuedBytes);
    }

    [Fact]
    public async Task A_connection_holding_too_much_stops_its_sender_until_the_receiver_takes_some()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(50)), time, seed: 1);
        var flow = link.OpenFlow(maxHeldBytes: 100);

        var write = flow.WriteAsync(new byte[150], CancellationToken.None).AsTask();
        Assert.False(write.IsCompleted);
        Assert.Equal(150, flow.HeldBytes);

        time.Advance(TimeSpan.FromMilliseconds(50));
        await flow.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        await write.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(0, flow.HeldBytes);
        Assert.Equal(1, link.Counters.BackpressureWaits);
    }

    [Fact]
    public async Task A_chunk_taken_after_its_time_counts_as_late()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(10)), time, seed: 1);
        var flow = link.OpenFlow();
        flow.Enqueue(new byte[10]);
        flow.Enqueue(new byte[10]);

        time.Advance(TimeSpan.FromMilliseconds(13));
        await flow.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        time.Advance(TimeSpan.FromMilliseconds(2));
        await flow.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);

        Assert.Equal(TimeSpan.FromMilliseconds(5), link.Counters.PeakLateness);
        Assert.Equal(TimeSpan.FromMilliseconds(4), link.Counters.MeanLateness);
    }

    [Fact]
    public void Bytes_held_when_a_connection_aborts_are_counted_as_discarded_not_lost()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(50)), time, seed: 1);
        var flow = link.OpenFlow();
        flow.Enqueue(new byte[300]);
        flow.Enqueue(new byte[200]);

        flow.Discard();

        var counters = link.Counters;
        Assert.Equal(500, counters.Bytes);
        Assert.Equal(500, counters.DiscardedBytes);
        Assert.Equal(0, counters.DeliveredBytes);
        Assert.Equal(0, counters.InFlightBytes);
    }

    [Fact]
    public void A_counter_reset_zeroes_totals_and_peaks()
    {
        var time = new ManualTimeProvider();
        var link = new NetworkLink(new LinkConditions(TimeSpan.Zero, bandwidthBitsPerSecond: 1_000_000), time, seed: 1);
        link.OpenFlow().Enqueue(new byte[1_000]);

        link.ResetCounters();

        Assert.Equal(new LinkCounters(0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0, 0, TimeSpan.Zero, 0, TimeSpan.Zero, TimeSpan.Zero), link.Counters);
    }

    /// <summary>400 four-byte chunks (their index) on one connection, 1 ms apart unless told, through 50 ms ± 10 ms.</summary>
    private static List<LinkSchedule> Jittered(int seed, JitterDistribution distribution, out NetworkLink link, out LinkFlow flow, int spacingMs = 1)
    {
        var time = new ManualTimeProvider();
        link = new NetworkLink(new LinkConditions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), distribution: distribution), time, seed);
        flow = link.OpenFlow();
        var schedules = new List<LinkSchedule>();
        for (var i = 0; i < 400; i++)
        {
            schedules.Add(flow.Enqueue(BitConverter.GetBytes(i)));
            time.Advance(TimeSpan.FromMilliseconds(spacingMs));
        }

        return schedules;
    }

    /// <summary>Milliseconds in the manual clock's timestamp units (ticks).</summary>
    private static long ToTimestamp(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds).Ticks;
}
