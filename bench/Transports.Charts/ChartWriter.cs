using Transports.Results;

namespace Transports.Charts;

/// <summary>Writes every chart of a run to <c>outputDir/charts/*.svg</c> (and *.png when asked and possible).</summary>
public static class ChartWriter
{
    public const string ChartsFolder = "charts";

    public static Task<ChartWriteResult> WriteAllAsync(RunResults results, string outputDir, ChartOptions options, CancellationToken cancellationToken = default)
        => WriteAllAsync(results, outputDir, options, RsvgConverter.Find(), cancellationToken);

    /// <summary>As above with an explicit converter (null: none available); a missing converter is a message, never an exception.</summary>
    internal static async Task<ChartWriteResult> WriteAllAsync(RunResults results, string outputDir, ChartOptions options, RsvgConverter? converter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.Combine(outputDir, ChartsFolder);
        Directory.CreateDirectory(directory);
        var renderer = options.CreateRenderer();
        var files = new List<string>();
        var messages = new List<string>();
        var charts = ChartSet.Build(results);
        if (charts.Count == 0)
        {
            messages.Add("No chart: the run has no successful scenario.");
        }

        foreach (var chart in charts)
        {
            var svgPath = Path.Combine(directory, chart.Id + renderer.FileExtension);
            await File.WriteAllTextAsync(svgPath, renderer.Render(chart), cancellationToken);
            files.Add(svgPath);
        }

        if (!options.Png || charts.Count == 0)
        {
            return new ChartWriteResult(files, messages);
        }

        if (converter is null)
        {
            messages.Add(RsvgConverter.MissingMessage);
            return new ChartWriteResult(files, messages);
        }

        foreach (var svgPath in files.ToList())
        {
            var pngPath = Path.ChangeExtension(svgPath, ".png");
            try
            {
                await converter.ConvertAsync(svgPath, pngPath, options.Width, options.Height, cancellationToken);
                files.Add(pngPath);
            }
            catch (InvalidOperationException e)
            {
                // One bad conversion should not lose the other charts; the reason is reported.
                messages.Add(e.Message);
            }
        }

        return new ChartWriteResult(files, messages);
    }
}
