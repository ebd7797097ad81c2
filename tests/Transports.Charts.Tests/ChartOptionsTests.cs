namespace Transports.Charts.Tests;

public sealed class ChartOptionsTests
{
    [Theory]
    [InlineData("1600x900", 1600, 900)]
    [InlineData("1920X1080", 1920, 1080)]
    [InlineData(" 960x540 ", 960, 540)]
    public void ParsesSizes(string text, int width, int height)
    {
        Assert.True(ChartOptions.TryParseSize(text, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1600")]
    [InlineData("1600x")]
    [InlineData("x900")]
    [InlineData("1600x900x2")]
    [InlineData("-1600x900")]
    [InlineData("1600.5x900")]
    [InlineData("100x100")]
    [InlineData("800x450")]
    [InlineData("wide x tall")]
    public void RejectsAnythingElse(string? text)
    {
        Assert.False(ChartOptions.TryParseSize(text, out var w, out var h));
        Assert.Equal((0, 0), (w, h));
    }

    [Fact]
    public void TheRendererRefusesWhatTryParseSizeRefuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgChartRenderer(ChartTheme.Light, 800, 450));
        _ = new SvgChartRenderer(ChartTheme.Light, SvgChartRenderer.MinWidth, SvgChartRenderer.MinHeight);
    }

    [Fact]
    public void ParsesThemes()
    {
        Assert.True(ChartOptions.TryParseTheme("Dark", out var theme));
        Assert.Equal(ChartTheme.Dark, theme);
        Assert.False(ChartOptions.TryParseTheme("sepia", out _));
        Assert.False(ChartOptions.TryParseTheme("7", out _));
    }
}
