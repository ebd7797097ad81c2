using Transports.Contract;
using Transports.Servers;
using Xunit.Sdk;

namespace Transports.Tests.Time;

/// <summary>The Poisson schedule's gaps, over many draws, are exponential with the asked-for mean; a fixed one is not.</summary>
public sealed class ArrivalScheduleTests
{
    private const double Rate = 50;
    private const int Draws = 10_000;

    [Fact]
    public void Poisson_gaps_have_the_mean_and_spread_of_an_exponential()
    {
        // Deterministic for this seed. An exponential's standard deviation equals its mean: the mean of 10,000 draws
        // is within 3% of 1/rate (its standard error is 1%), and their coefficient of variation within 3% of 1.
        // Seed 2026 gives a mean of 0.9916/rate and a coefficient of variation of 1.0057.
        AssertExponential(Gaps(new FeedSettings(Rate, 16, FeedArrivals.Poisson, Seed: 2026)));
    }

    [Fact]
    public void The_check_refuses_fixed_gaps_and_a_wrong_rate()
    {
        Assert.ThrowsAny<XunitException>(() => AssertExponential(Gaps(new FeedSettings(Rate, 16))));
        Assert.ThrowsAny<XunitException>(() => AssertExponential(Gaps(new FeedSettings(Rate * 1.1, 16, FeedArrivals.Poisson, Seed: 2026))));
    }

    [Fact]
    public void The_same_seed_gives_the_same_gaps_and_another_seed_others()
    {
        var settings = new FeedSettings(Rate, 16, FeedArrivals.Poisson, Seed: 7);

        Assert.Equal(Gaps(settings), Gaps(settings));
        Assert.NotEqual(Gaps(settings), Gaps(settings with { Seed = 8 }));
    }

    private static List<double> Gaps(FeedSettings settings)
    {
        var schedule = ArrivalSchedule.For(settings);
        return [.. Enumerable.Range(0, Draws).Select(_ => schedule.NextGapSeconds())];
    }

    private static void AssertExponential(List<double> gaps)
    {
        var mean = gaps.Average();
        var deviation = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Count - 1));
        Assert.InRange(mean * Rate, 0.97, 1.03);
        Assert.InRange(deviation / mean, 0.97, 1.03);
    }
}
