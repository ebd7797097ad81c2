using System.Globalization;
using System.Net;
using System.Text;
using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, nothing loaded from anywhere) with every chart,
/// a table per metric, the run's settings and its environment. Each chart sits in
/// <c>&lt;figure class="chart" data-chart="id"&gt;</c> so a test can find them all.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>Writes <c>outputDir/report.html</c> and returns its path.</summary>
    public static async Task<string> WriteAsync(RunResults results, string outputDir, ChartOptions? options = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDir);
        var path = Path.Combine(outputDir, FileName);
        await File.WriteAllTextAsync(path, Render(results, options), cancellationToken);
        return path;
    }

    /// <summary>The page's title line: every transport by its display name, the floor last.</summary>
    public static string Heading()
    {
        var names = string.Join(", ", TransportIds.All.Where(d => !d.IsFloor).Select(d => d.DisplayName));
        return TransportIds.All.FirstOrDefault(d => d.IsFloor) is { } floor ? $"Transports: {names} and the {floor.DisplayName}" : $"Transports: {names}";
    }

    public static string Render(RunResults results, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        options ??= new ChartOptions();
        var colors = ThemeColors.For(options.Theme);
        var renderer = options.CreateRenderer();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Transports benchmark report</title>
            <style>
            body {'{'} margin: 0 auto; max-width: 1500px; padding: 24px; font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; background: {colors.Background}; color: {colors.Foreground}; {'}'}
            h1 {'{'} font-size: 2rem; {'}'}
            figure.chart {'{'} margin: 0 0 32px; {'}'}
            figure.chart svg {'{'} display: block; width: 100%; height: auto; border: 1px solid {colors.Grid}; {'}'}
            table {'{'} border-collapse: collapse; margin: 8px 0 24px; {'}'}
            th, td {'{'} border: 1px solid {colors.Grid}; padding: 4px 10px; text-align: right; {'}'}
            th:first-child, td:first-child {'{'} text-align: left; {'}'}
            table.claims td {'{'} text-align: left; vertical-align: top; {'}'}
            .ratio, .note {'{'} color: {colors.Muted}; {'}'}
            .failed {'{'} color: #d55e00; {'}'}
            </style>
            </head>
            <body>
            <h1>{Encode(Heading())}</h1>

            """);
        var ok = results.Scenarios.Count(s => s.Status == "ok");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Run {Encode(results.Status)}, started {Encode(results.Environment.StartedUtc.ToString("u", CultureInfo.InvariantCulture))}, profile {Encode(results.Settings.Profile)}: {ok} of {results.Scenarios.Count} scenarios succeeded")
            .Append(results.Missing.Count > 0 ? $", {results.Missing.Count} missing" : "")
            .Append(".</p>\n");

        AppendCharts(html, results, renderer);
        AppendClaims(html, results);
        AppendMetricTables(html, results);
        AppendSettings(html, results);
        AppendEnvironment(html, results.Environment);
        AppendProblems(html, results);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendCharts(StringBuilder html, RunResults results, SvgChartRenderer renderer)
    {
        html.Append("<h2>Charts</h2>\n");
        var charts = ChartSet.Build(results);
        if (charts.Count == 0)
        {
            html.Append("<p class=\"note\">No chart: the run has no successful scenario.</p>\n");
        }

        foreach (var chart in charts)
        {
            // The SVG draws its own title; the label names the figure for screen readers.
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" data-chart=\"{Encode(chart.Id)}\" aria-label=\"{Encode(chart.Title)}\">\n")
                .Append(renderer.Render(chart))
                .Append("\n</figure>\n");
        }
    }

    /// <summary>"Common claims, measured" (<see cref="Results.Claims.CommonClaims"/>): each claim beside this run's figure and its verdict.</summary>
    private static void AppendClaims(StringBuilder html, RunResults results)
    {
        html.Append("<h2>Common claims, measured</h2>\n<p class=\"note\">What study notes and blog posts repeat, judged on this run's own figures; the scenarios named are where the figures come from.</p>\n");
        html.Append("<table class=\"claims\">\n<tr><th>claim</th><th>verdict</th><th>this run's figure</th><th>scenarios</th></tr>\n");
        foreach (var finding in Results.Claims.CommonClaims.Evaluate(results))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-verdict=\"{Encode(finding.Verdict)}\"><td>&#8220;{Encode(finding.Claim)}&#8221;</td><td>{Encode(finding.Verdict)}</td><td class=\"figure\">{Encode(finding.Figure)}</td><td class=\"note\">{string.Join("<br>", finding.Scenarios.Select(Encode))}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    /// <summary>The summary tables (<see cref="SummaryTables"/>): transports as rows, one column per combination of the settings the run varies.</summary>
    private static void AppendMetricTables(StringBuilder html, RunResults results)
    {
        html.Append("<h2>Summary</h2>\n<p class=\"note\">Noisy metrics also show the ratio to the tcp floor of the same run; n/a: not measured in that scenario.</p>\n");
        foreach (var table in SummaryTables.Build(results))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{Encode(table.Heading)}</h3>\n<table class=\"metric\" data-metric=\"{Encode(table.Metric.Name)}\">\n<tr><th>transport</th>");
            foreach (var column in table.Columns)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(column)}</th>");
            }

            html.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(row.Transport)}</td>");
                foreach (var cell in row.Cells)
                {
                    html.Append("<td>").Append(CellText(cell)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static string CellText(SummaryCell cell)
    {
        if (cell.Text == SummaryCell.Failed)
        {
            return "<span class=\"failed\">failed</span>";
        }

        var text = Encode(cell.Text);
        return cell.RatioToFloor is { } ratio ? text + $" <span class=\"ratio\">(&#215;{Encode(NumberText.Value(ratio))})</span>" : text;
    }

    /// <summary>The run's options, then every dimension with the values its scenarios were measured at.</summary>
    private static void AppendSettings(StringBuilder html, RunResults results)
    {
        var settings = results.Settings;
        html.Append("<h2>Scenario settings</h2>\n");
        AppendPairs(html, "settings",
        [
            ("profile", settings.Profile),
            ("transports", string.Join(", ", settings.Transports)),
            .. ScenarioDimensions.Settings(results.Scenarios),
            ("duration (s)", settings.DurationSeconds.ToString(CultureInfo.InvariantCulture)),
            ("warm-up (s)", settings.WarmupSeconds.ToString(CultureInfo.InvariantCulture)),
            ("windows", settings.Windows.ToString(CultureInfo.InvariantCulture)),
            ("seed", settings.Seed?.ToString(CultureInfo.InvariantCulture) ?? "not recorded"),
        ]);
    }

    private static void AppendEnvironment(StringBuilder html, RunEnvironment environment)
    {
        html.Append("<h2>Environment</h2>\n");
        AppendPairs(html, "environment",
        [
            ("os", environment.Os),
            ("architecture", environment.Architecture),
            ("cpu", environment.Cpu),
            ("logical cores", environment.LogicalCores.ToString(CultureInfo.InvariantCulture)),
            (".NET", environment.Dotnet),
            ("git commit", environment.GitCommit),
            ("machine", environment.MachineName),
            ("started (UTC)", environment.StartedUtc.ToString("u", CultureInfo.InvariantCulture)),
            ("finished (UTC)", environment.FinishedUtc?.ToString("u", CultureInfo.InvariantCulture) ?? ""),
            ("server", environment.Server),
            ("command line", environment.CommandLine),
        ]);
    }

    private static void AppendProblems(StringBuilder html, RunResults results)
    {
        var failed = results.Scenarios.Where(s => s.Status != "ok").ToList();
        if (failed.Count == 0 && results.Missing.Count == 0)
        {
            return;
        }

        html.Append("<h2>Failed and missing scenarios</h2>\n<table class=\"problems\">\n<tr><th>scenario</th><th>status</th></tr>\n");
        foreach (var scenario in failed)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(scenario.Name)}</td><td class=\"failed\">{Encode(scenario.Error ?? scenario.Status)}</td></tr>\n");
        }

        foreach (var name in results.Missing)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}</td><td class=\"failed\">missing</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendPairs(StringBuilder html, string cssClass, IEnumerable<(string Key, string Value)> pairs)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table class=\"{cssClass}\">\n");
        foreach (var (key, value) in pairs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(key)}</th><td>{Encode(value)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
