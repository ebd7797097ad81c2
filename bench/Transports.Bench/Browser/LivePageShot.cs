using System.Globalization;
using Microsoft.Playwright;

namespace Transports.Bench.Browser;

/// <summary>
/// Opens the live page in headless Chromium, waits until every panel shows events, reads when each panel's first
/// event came (on the page's clock, from the start of loading), and saves a screenshot. `serve --screenshot` and the
/// page's browser test use it; results/reference/live-page.png comes from it.
/// </summary>
public static class LivePageShot
{
    /// <summary>Events every panel shows before the screenshot, so each has a latency and a sparkline.</summary>
    public const int EventsBeforeShot = 8;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>One panel as the page showed it.</summary>
    public sealed record Panel(string Transport, long Events, double FirstEventMs, IReadOnlyDictionary<string, string> Fields);

    /// <summary>What the page showed, and what it logged as errors (none expected).</summary>
    public sealed record Shot(IReadOnlyList<Panel> Panels, IReadOnlyList<string> Errors);

    public static async Task<Shot> TakeAsync(IBrowser browser, Uri pageUri, string? screenshotPath, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(pageUri);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 760 } }).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error")
                {
                    lock (errors)
                    {
                        errors.Add(message.Text);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            };

            await page.GotoAsync(pageUri.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load }).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            var panels = await ReadPanelsAsync(page, deadline.Token).ConfigureAwait(false);
            while (panels.Count == 0 || panels.Any(p => p.Events < EventsBeforeShot))
            {
                await Task.Delay(PollEvery, deadline.Token).ConfigureAwait(false);
                panels = await ReadPanelsAsync(page, deadline.Token).ConfigureAwait(false);
            }

            if (screenshotPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true }).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            }

            lock (errors)
            {
                return new Shot(panels, [.. errors]);
            }
        }
        finally
        {
            await context.CloseAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<Panel>> ReadPanelsAsync(IPage page, CancellationToken cancellationToken)
    {
        var raw = await page.EvaluateAsync<string[][]>(
            """
            () => [...document.querySelectorAll("section.panel")].map(p => [
              p.dataset.transport, p.dataset.events ?? "0", p.dataset.firstEventMs ?? "",
              ...[...p.querySelectorAll("dd[data-field]")].flatMap(d => [d.dataset.field, d.textContent])])
            """).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. raw.Select(fields => new Panel(
            fields[0],
            long.Parse(fields[1], CultureInfo.InvariantCulture),
            fields[2].Length == 0 ? double.NaN : double.Parse(fields[2], CultureInfo.InvariantCulture),
            Enumerable.Range(0, (fields.Length - 3) / 2).ToDictionary(i => fields[3 + (2 * i)], i => fields[4 + (2 * i)], StringComparer.Ordinal)))];
    }
}
