namespace Transports.Charts.Tests;

public sealed class ChartAxisTests
{
    [Fact]
    public void TwoDecadesOrMoreGiveALogAxisOnWholeDecades()
    {
        var axis = ChartAxis.Fit("B", [2, 14, 410, 1320]);
        Assert.Equal(AxisScale.Log10, axis.Scale);
        Assert.Equal(1, axis.Min);
        Assert.Equal(10_000, axis.Max);
        Assert.Equal([1.0, 10, 100, 1000, 10_000], axis.Ticks);
    }

    [Fact]
    public void LessThanTwoDecadesGiveALinearAxisFromZero()
    {
        var axis = ChartAxis.Fit("req", [0, 1, 4]);
        Assert.Equal(AxisScale.Linear, axis.Scale);
        Assert.Equal(0, axis.Min);
        Assert.True(axis.Max >= 4);
        Assert.Equal(0, axis.Ticks[0]);
        Assert.Equal(axis.Max, axis.Ticks[^1]);
    }

    [Fact]
    public void RatioJustBelowOneHundredStaysLinear()
    {
        Assert.Equal(AxisScale.Linear, ChartAxis.Fit("x", [1, 99.9]).Scale);
        Assert.Equal(AxisScale.Log10, ChartAxis.Fit("x", [1, 100]).Scale);
    }

    [Fact]
    public void LogAxisPutsZeroAtTheBottomAndDecadesEvenly()
    {
        var axis = ChartAxis.Log("x", 1, 1000);
        Assert.Equal(0, axis.Fraction(0));
        Assert.Equal(1.0 / 3, axis.Fraction(10), 9);
        Assert.Equal(1, axis.Fraction(5000));
    }

    [Fact]
    public void LinearTicksAreRoundNumbers()
    {
        Assert.Equal([0, 0.1, 0.2, 0.3], ChartAxis.Linear("x", 0, 0.3).Ticks);
    }
}
