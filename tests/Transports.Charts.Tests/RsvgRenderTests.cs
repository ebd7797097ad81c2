namespace Transports.Charts.Tests;

/// <summary>librsvg is a strict SVG parser: every chart must convert to a PNG of the requested size.</summary>
public sealed class RsvgRenderTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(ChartTheme.Light)]
    [InlineData(ChartTheme.Dark)]
    public async Task EveryChartConvertsToPng(ChartTheme theme)
    {
        using var temp = new TempDirectory();
        var result = await ChartWriter.WriteAllAsync(SyntheticRun.Create(), temp.Path, new ChartOptions { Theme = theme, Png = true }, Tools.Rsvg(), CancellationToken.None).WaitAsync(Tools.Timeout);

        Assert.Empty(result.Messages);
        var svgs = result.Files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)).ToList();
        var pngs = result.Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, svgs.Count);
        Assert.Equal(svgs.Select(s => Path.ChangeExtension(s, ".png")), pngs);
        foreach (var png in pngs)
        {
            var bytes = await File.ReadAllBytesAsync(png).WaitAsync(Tools.Timeout);
            Assert.Equal(PngSignature, bytes.Take(8));
            Assert.Equal((1600, 900), PngSize(bytes));
            File.Copy(png, Path.Combine(Tools.ArtifactsDirectory(), $"{theme.ToString().ToLowerInvariant()}-{Path.GetFileName(png)}"), overwrite: true);
        }
    }

    [Fact]
    public async Task ABrokenSvgFailsWithRsvgsMessage()
    {
        using var temp = new TempDirectory();
        var svg = Path.Combine(temp.Path, "broken.svg");
        await File.WriteAllTextAsync(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>").WaitAsync(Tools.Timeout);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Tools.Rsvg().ConvertAsync(svg, Path.Combine(temp.Path, "broken.png"), 960, 540, CancellationToken.None).WaitAsync(Tools.Timeout));
        Assert.Contains("rsvg-convert failed", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Width and height from the PNG's IHDR chunk (big-endian, right after the signature and chunk header).</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
