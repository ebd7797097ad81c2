namespace Transports.Tests.Time;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public async Task Delay_completes_only_when_time_is_advanced_past_it()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(1), time);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), time.Elapsed);
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_in_due_order()
    {
        var time = new ManualTimeProvider();
        var fired = new List<(string Name, TimeSpan At)>();
        using var fast = time.CreateTimer(_ => fired.Add(("fast", time.Elapsed)), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        using var slow = time.CreateTimer(_ => fired.Add(("slow", time.Elapsed)), null, TimeSpan.FromMilliseconds(250), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMilliseconds(350));

        Assert.Equal(
            [("fast", TimeSpan.FromMilliseconds(100)), ("fast", TimeSpan.FromMilliseconds(200)), ("slow", TimeSpan.FromMilliseconds(250)), ("fast", TimeSpan.FromMilliseconds(300))],
            fired);
        Assert.Equal(TimeSpan.FromMilliseconds(350), time.Elapsed);
    }

    [Fact]
    public void A_disposed_timer_never_fires()
    {
        var time = new ManualTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(10), TimeSpan.Zero);
        timer.Dispose();

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, time.ArmedTimers);
    }
}
