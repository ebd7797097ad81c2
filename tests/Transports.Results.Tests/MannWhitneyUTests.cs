using Transports.Results.Comparison;

namespace Transports.Results.Tests;

/// <summary>
/// Expected values worked by hand (normal approximation, tie-corrected variance, continuity correction
/// 0.5, two-sided p = erfc(|z| / √2)); the same conventions as scipy.stats.mannwhitneyu(method="asymptotic").
/// </summary>
public sealed class MannWhitneyUTests
{
    [Fact]
    public void CompletelySeparatedSamples()
    {
        // Ranks of x are 1..5, sum 15; U_x = 15 - 5·6/2 = 0. Mean n1n2/2 = 12.5, variance 25·11/12 = 22.9167.
        // z = (12.5 - 0.5) / 4.78714 = 2.50672, p = erfc(2.50672/√2) = 0.0121858.
        var result = MannWhitneyU.Test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

        Assert.Equal(0, result.UFirst);
        Assert.Equal(0, result.U);
        Assert.Equal(-2.50672, result.Z, 4);
        Assert.Equal(0.0121858, result.PValue, 5);
        Assert.True(result.IsSignificant(0.05));
    }

    [Fact]
    public void TiesShareRanksAndShrinkTheVariance()
    {
        // Pooled: 1x | 2x 2x 2y (ranks 2,3,4 → 3) | 3x 3y (5,6 → 5.5) | 4y 5y.
        // R_x = 1 + 3 + 3 + 5.5 = 12.5, U_x = 12.5 - 10 = 2.5, U_y = 16 - 2.5 = 13.5.
        // Tie term Σ(t³ - t) = 24 + 6 = 30; variance = 16/12 · (9 - 30/56) = 11.2857.
        // z = (|2.5 - 8| - 0.5) / 3.35942 = 1.48835, p = 0.136658.
        var result = MannWhitneyU.Test([1, 2, 2, 3], [2, 3, 4, 5]);

        Assert.Equal(2.5, result.UFirst);
        Assert.Equal(2.5, result.U);
        Assert.Equal(-1.48835, result.Z, 4);
        Assert.Equal(0.136658, result.PValue, 5);
        Assert.False(result.IsSignificant(0.05));
    }

    [Fact]
    public void IsSymmetricInTheOrderOfTheSamples()
    {
        var forward = MannWhitneyU.Test([1, 2, 2, 3], [2, 3, 4, 5]);
        var backward = MannWhitneyU.Test([2, 3, 4, 5], [1, 2, 2, 3]);

        Assert.Equal(13.5, backward.UFirst);
        Assert.Equal(forward.U, backward.U);
        Assert.Equal(-forward.Z, backward.Z, 12);
        Assert.Equal(forward.PValue, backward.PValue, 12);
    }

    [Fact]
    public void IdenticalSamplesShowNoShift()
    {
        Assert.Equal(1, MannWhitneyU.Test([3, 3, 3], [3, 3, 3]).PValue);
        Assert.Equal(1, MannWhitneyU.Test([1, 2, 3], [1, 2, 3]).PValue, 6);
    }

    [Fact]
    public void RefusesEmptyOrNonFiniteSamples()
    {
        Assert.Throws<ArgumentException>(() => MannWhitneyU.Test([], [1]));
        Assert.Throws<ArgumentException>(() => MannWhitneyU.Test([1, double.NaN], [1]));
    }
}
