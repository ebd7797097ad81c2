using System.Net;
using Transports.Bench.Browser;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Browser;

/// <summary>
/// The live page at `/` in headless Chromium: a panel for every transport a page can speak (and only those), each
/// showing events, with nothing logged as an error; the drop button (demo controls) drops every connection and each
/// panel resumes with nothing lost.
/// </summary>
public sealed class LivePageTests(ChromiumFixture browser) : IClassFixture<ChromiumFixture>
{
    private static TransportServerOptions Options => TestDefaults.ServerOptions with { PublishRateHz = 20, DemoControls = true };

    [ChromiumTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_panel_a_page_can_speak_shows_events_with_no_error_and_the_screenshot_is_written(bool demoControls)
    {
        await using var server = await LoopbackTestServer.StartAsync(Options with { DemoControls = demoControls });
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", $"live-page{(demoControls ? "" : "-no-controls")}.png");

        var shot = await LivePageShot.TakeAsync(browser.Chromium.Browser, server.Server.HttpUri, screenshot, ChromiumFixture.Limit, CancellationToken.None).WaitAsync(ChromiumFixture.Limit);

        Assert.Empty(shot.Errors);
        Assert.Equal(TransportIds.All.Where(d => d.Browser != BrowserApi.None).Select(d => d.Id), shot.Panels.Select(p => p.Transport));
        Assert.All(shot.Panels, panel =>
        {
            Assert.True(panel.Events >= LivePageShot.EventsBeforeShot, $"{panel.Transport}: {panel.Events} events");
            Assert.Equal("0 / 0", panel.Fields["lost"]);
            Assert.EndsWith(" ms", panel.Fields["p50"], StringComparison.Ordinal);
        });
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    [ChromiumFact]
    public async Task The_drop_button_drops_every_connection_and_each_panel_resumes_with_nothing_lost()
    {
        await using var server = await LoopbackTestServer.StartAsync(Options);
        var context = await browser.Chromium.Browser.NewContextAsync().WaitAsync(ChromiumFixture.Limit);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(ChromiumFixture.Limit);
            await page.GotoAsync(server.Server.HttpUri.ToString()).WaitAsync(ChromiumFixture.Limit);
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('section.panel')].every(p => Number(p.dataset.events) > 0)").WaitAsync(ChromiumFixture.Limit);
            var connectionsBefore = server.Server.Wire.Snapshot().Connections;

            await page.ClickAsync("#drop").WaitAsync(ChromiumFixture.Limit);

            // Every panel reconnects (the streams count it; a poll simply opens a new connection) and goes on with no gap.
            await page.WaitForFunctionAsync(
                """
                () => [...document.querySelectorAll('section.panel')].every(p =>
                  p.querySelector('[data-field=lost]').textContent === '0 / 0' &&
                  (p.dataset.transport.includes('polling') || Number(p.querySelector('[data-field=reconnects]').textContent) >= 1))
                """).WaitAsync(ChromiumFixture.Limit);
            var events = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('section.panel')].map(p => Number(p.dataset.events))").WaitAsync(ChromiumFixture.Limit);
            await page.WaitForFunctionAsync("before => [...document.querySelectorAll('section.panel')].every((p, i) => Number(p.dataset.events) > before[i])", events).WaitAsync(ChromiumFixture.Limit);
            Assert.True(server.Server.Wire.Snapshot().Connections > connectionsBefore);
        }
        finally
        {
            await context.CloseAsync().WaitAsync(ChromiumFixture.Limit);
        }
    }
}
