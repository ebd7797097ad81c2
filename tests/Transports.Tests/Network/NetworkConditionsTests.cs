using Transports.Network;

namespace Transports.Tests.Network;

public sealed class NetworkConditionsTests
{
    [Fact]
    public void The_rtt_splits_into_two_one_way_delays_that_add_up_to_it_exactly()
    {
        var odd = NetworkConditions.Create(TimeSpan.FromTicks(1_000_001), TimeSpan.Zero, 5_000_000);

        Assert.Equal(TimeSpan.FromTicks(500_000), odd.ToServer.Delay);
        Assert.Equal(TimeSpan.FromTicks(500_001), odd.ToClient.Delay);
        Assert.Equal(5_000_000, odd.ToServer.BandwidthBitsPerSecond);
        Assert.Equal(5_000_000, odd.ToClient.BandwidthBitsPerSecond);
    }

    [Fact]
    public void Jitter_above_the_one_way_delay_is_refused_and_at_it_accepted()
    {
        Assert.False(NetworkConditions.TryCreate(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(11), null, out _, out var error));
        Assert.Contains("more than the one-way delay", error, StringComparison.Ordinal);

        Assert.True(NetworkConditions.TryCreate(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), null, out var conditions, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(10), conditions.ToClient.Jitter);
    }

    [Theory]
    [InlineData(-1L, 0L, 1_000L)]
    [InlineData(100L, -1L, 1_000L)]
    [InlineData(100L, 0L, 0L)]
    [InlineData(100L, 0L, -8L)]
    [InlineData(200_000L, 0L, 1_000L)]
    public void Negative_delays_zero_bandwidth_and_minutes_of_delay_are_refused(long rttMs, long jitterMs, long bandwidth)
    {
        Assert.False(NetworkConditions.TryCreate(TimeSpan.FromMilliseconds(rttMs), TimeSpan.FromMilliseconds(jitterMs), bandwidth, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<ArgumentException>(() => new LinkConditions(TimeSpan.FromMilliseconds(rttMs), TimeSpan.FromMilliseconds(jitterMs), bandwidth));
    }

    [Fact]
    public void None_is_a_pass_through_and_says_so()
    {
        Assert.True(NetworkConditions.None.IsNone);
        Assert.Equal("no emulation", NetworkConditions.None.Describe());
        Assert.False(NetworkConditions.Create(TimeSpan.FromMilliseconds(2)).IsNone);
    }

    [Fact]
    public void The_presets_hold_the_issues_figures()
    {
        Assert.Equal(["loopback", "lan", "wan", "mobile", "satellite"], NetworkPresets.Names);
        AssertPreset("loopback", 0, 0, null);
        AssertPreset("lan", 1, 0, 1_000_000_000);
        AssertPreset("wan", 80, 0, 50_000_000);
        AssertPreset("mobile", 150, 20, 5_000_000);
        AssertPreset("satellite", 600, 0, 10_000_000);
    }

    [Fact]
    public void A_preset_summary_shows_its_figures_for_help()
    {
        Assert.True(NetworkPresets.TryGet("MOBILE", out var mobile));
        Assert.StartsWith("mobile: 150 ms RTT ± 20 ms jitter, 5 Mbit/s (", mobile.Summary, StringComparison.Ordinal);
        Assert.False(NetworkPresets.TryGet("dialup", out _));
    }

    [Theory]
    [InlineData("""{"presets":[{"name":"x","description":"d","rtt":"100","jitter":"0","bandwidth":"none"}]}""", "'100'")]
    [InlineData("""{"presets":[{"name":"x","description":"d","rtt":"10ms","jitter":"6ms","bandwidth":"none"}]}""", "jitter")]
    [InlineData("""{"presets":[{"name":"x","description":"d","rtt":"10ms","jitter":"0","bandwidth":"10MB"}]}""", "'10MB'")]
    [InlineData("""{"presets":[{"name":"x","rtt":"10ms","jitter":"0","bandwidth":"none"}]}""", "description")]
    [InlineData("""{"presets":[{"name":"x","description":"d","rtt":"0","jitter":"0","bandwidth":"none"},{"name":"X","description":"d","rtt":"0","jitter":"0","bandwidth":"none"}]}""", "twice")]
    public void A_broken_presets_file_is_refused_naming_the_preset(string json, string mention)
    {
        var error = Assert.Throws<InvalidDataException>(() => NetworkPresets.Load(json));
        Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    private static void AssertPreset(string name, int rttMs, int jitterMs, long? bandwidth)
    {
        Assert.True(NetworkPresets.TryGet(name, out var preset));
        Assert.Equal(TimeSpan.FromMilliseconds(rttMs), preset.Conditions.Rtt);
        Assert.Equal(TimeSpan.FromMilliseconds(jitterMs), preset.Conditions.Jitter);
        Assert.Equal(bandwidth, preset.Conditions.BandwidthBitsPerSecond);
        Assert.False(string.IsNullOrWhiteSpace(preset.Description));
    }
}
