using Transports.Servers;

namespace Transports.Tests.MultiHost;

/// <summary>The control plane's barrier that keeps client shards to one window.</summary>
public sealed class ShardBarriersTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Passes_once_every_party_arrived_with_the_value_one_brought()
    {
        var barriers = new ShardBarriers();

        var first = barriers.PassAsync("run/s/paused", 3, null, Long, CancellationToken.None);
        var second = barriers.PassAsync("run/s/paused", 3, 42, Long, CancellationToken.None);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        var third = barriers.PassAsync("run/s/paused", 3, null, Long, CancellationToken.None);

        var passes = await Task.WhenAll(first, second, third).WaitAsync(TestDefaults.Timeout);
        Assert.Equal([1, 2, 3], passes.Select(p => p!.Arrival));
        Assert.All(passes, p => Assert.Equal(42, p!.Value));
        Assert.Equal(0, barriers.Open);
    }

    [Fact]
    public async Task A_party_that_gives_up_is_taken_back_out()
    {
        var barriers = new ShardBarriers();

        var gaveUp = await barriers.PassAsync("run/join", 2, null, TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        Assert.Null(gaveUp);
        Assert.Equal(0, barriers.Open);

        // The two that come next pass between themselves, numbered 1 and 2: the one that left holds no place.
        var a = barriers.PassAsync("run/join", 2, null, Long, CancellationToken.None);
        var b = barriers.PassAsync("run/join", 2, null, Long, CancellationToken.None);
        var passes = await Task.WhenAll(a, b).WaitAsync(TestDefaults.Timeout);
        Assert.Equal([1, 2], passes.Select(p => p!.Arrival));
    }

    [Fact]
    public async Task An_aborted_request_leaves_no_party_behind()
    {
        var barriers = new ShardBarriers();
        using var abort = new CancellationTokenSource();

        var waiting = barriers.PassAsync("k", 2, null, Long, abort.Token);
        Assert.Equal(1, barriers.Open);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestDefaults.Timeout));
        Assert.Equal(0, barriers.Open);
    }

    [Fact]
    public async Task Another_number_of_parties_is_refused()
    {
        var barriers = new ShardBarriers();
        using var abort = new CancellationTokenSource();
        var waiting = barriers.PassAsync("k", 2, null, Long, abort.Token);

        await Assert.ThrowsAsync<ArgumentException>(() => barriers.PassAsync("k", 3, null, Long, CancellationToken.None));

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestDefaults.Timeout));
    }
}
