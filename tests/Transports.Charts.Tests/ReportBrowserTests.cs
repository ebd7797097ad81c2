using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Transports.Charts.Tests;

/// <summary>
/// Opens report.html in the system's headless Chromium through Playwright (never `playwright install`: the
/// browser comes from apt) and checks that it loads nothing, logs no error and draws every chart.
/// </summary>
public sealed class ReportBrowserTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    [Theory]
    [InlineData(ChartTheme.Light)]
    [InlineData(ChartTheme.Dark)]
    public async Task ReportRendersEveryChartWithoutErrorsOrRequests(ChartTheme theme)
    {
        using var temp = new TempDirectory();
        var path = await HtmlReport.WriteAsync(SyntheticRun.Create(), temp.Path, new ChartOptions { Theme = theme }).WaitAsync(Tools.Timeout);
        var url = new Uri(path).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync().WaitAsync(Tools.Timeout);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Tools.Chromium(),
            Headless = true,
            Args = ChromiumArgs,
        }).WaitAsync(Tools.Timeout);
        try
        {
            await CheckReportAsync(browser, url, theme, path);
        }
        finally
        {
            await browser.CloseAsync().WaitAsync(Tools.Timeout);
        }
    }

    private static async Task CheckReportAsync(IBrowser browser, string url, ChartTheme theme, string path)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } }).WaitAsync(Tools.Timeout);

        var errors = new ConcurrentQueue<string>();
        var failed = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue(error);
        page.RequestFailed += (_, request) => failed.Enqueue(request.Url);
        page.Request += (_, request) => requests.Enqueue(request.Url);

        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load }).WaitAsync(Tools.Timeout);
        Assert.NotNull(response);

        var figures = await page.QuerySelectorAllAsync("figure.chart").WaitAsync(Tools.Timeout);
        Assert.Equal(ChartSet.Build(SyntheticRun.Create()).Select(c => c.Id), await Task.WhenAll(figures.Select(f => f.GetAttributeAsync("data-chart"))).WaitAsync(Tools.Timeout));
        foreach (var figure in figures)
        {
            var svg = await figure.QuerySelectorAsync("svg").WaitAsync(Tools.Timeout);
            Assert.NotNull(svg);
            var box = await svg.BoundingBoxAsync().WaitAsync(Tools.Timeout);
            Assert.NotNull(box);
            Assert.True(box.Width > 0 && box.Height > 0, $"{await figure.GetAttributeAsync("data-chart").WaitAsync(Tools.Timeout)}: {box.Width}x{box.Height}");
        }

        var screenshot = Path.Combine(Tools.ArtifactsDirectory(), $"report-{theme.ToString().ToLowerInvariant()}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true }).WaitAsync(Tools.Timeout);
        File.Copy(path, Path.ChangeExtension(screenshot, ".html"), overwrite: true);

        Assert.Empty(errors);
        Assert.Empty(failed);
        Assert.Equal([url], requests);
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
