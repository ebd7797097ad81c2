using System.CommandLine;
using Spectre.Console;
using Transports.Charts;
using Transports.Results;

namespace Transports.Bench.Cli;

/// <summary>The chart options `run` and `plot` share, and writing charts plus report.html from a run.</summary>
public sealed class ChartArguments
{
    private readonly Option<string> _theme = new("--theme") { Description = "Chart theme: light or dark", DefaultValueFactory = _ => "light" };
    private readonly Option<string> _size = new("--size") { Description = "Chart size in px, WxH (16:9 reads best on slides)", DefaultValueFactory = _ => "1600x900" };
    private readonly Option<bool> _png = new("--png") { Description = "Also write PNGs through rsvg-convert (Debian: librsvg2-bin)" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_theme);
        command.Options.Add(_size);
        command.Options.Add(_png);
    }

    public ChartOptions Resolve(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var themeText = parse.GetValue(_theme);
        if (!ChartOptions.TryParseTheme(themeText, out var theme))
        {
            throw new UsageException($"--theme: '{themeText}' is not light or dark");
        }

        var sizeText = parse.GetValue(_size);
        if (!ChartOptions.TryParseSize(sizeText, out var width, out var height))
        {
            throw new UsageException($"--size: '{sizeText}' is not WxH of at least {SvgChartRenderer.MinWidth}x{SvgChartRenderer.MinHeight}");
        }

        return new ChartOptions { Theme = theme, Width = width, Height = height, Png = parse.GetValue(_png) };
    }

    /// <summary>Writes charts/*.svg (and PNGs when asked) and report.html into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(RunResults results, string directory, ChartOptions options, CancellationToken cancellationToken)
    {
        var charts = await ChartWriter.WriteAllAsync(results, directory, options, cancellationToken).ConfigureAwait(false);
        foreach (var message in charts.Messages)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{message}[/]");
        }

        var report = await HtmlReport.WriteAsync(results, directory, options, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"Wrote {charts.Files.Count} chart files in {Path.Combine(directory, "charts")} and {report}.");
    }
}
