namespace Transports.Charts.Tests;

public sealed class ChartWriterTests
{
    [Fact]
    public async Task WritesOneSvgPerChartUnderCharts()
    {
        using var temp = new TempDirectory();
        var result = await ChartWriter.WriteAllAsync(SyntheticRun.Create(), temp.Path, new ChartOptions()).WaitAsync(Tools.Timeout);
        Assert.Empty(result.Messages);
        Assert.Equal(
            ["header-traffic.svg", "latency-cdf.svg", "latency.svg", "library-overhead.svg", "overhead.svg", "requests.svg", "sweep-clients.svg", "sweep-payload.svg"],
            Directory.GetFiles(Path.Combine(temp.Path, "charts")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(result.Files.Order(StringComparer.Ordinal), Directory.GetFiles(Path.Combine(temp.Path, "charts")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PngWithoutRsvgConvertIsAOneLineMessageNotAnError()
    {
        using var temp = new TempDirectory();
        var result = await ChartWriter.WriteAllAsync(SyntheticRun.Create(), temp.Path, new ChartOptions { Png = true }, converter: null, CancellationToken.None).WaitAsync(Tools.Timeout);
        Assert.Equal([RsvgConverter.MissingMessage], result.Messages);
        Assert.DoesNotContain('\n', RsvgConverter.MissingMessage);
        Assert.All(result.Files, f => Assert.EndsWith(".svg", f, StringComparison.Ordinal));
    }

    [Fact]
    public void FindLooksOnlyOnTheGivenPath()
    {
        Assert.Null(RsvgConverter.Find(""));
        Assert.Null(RsvgConverter.Find("/nonexistent-directory"));
    }
}
