using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Browser;

/// <summary>
/// A page from another origin, in Chromium, against every transport a page can speak and POST /publish: refused by
/// default (no CORS answer, the WebSocket handshake 403), served when `--cors` lists the page's origin, X-Cursor
/// readable. The other origin is a second server, so its port is known before the first starts.
/// </summary>
public sealed class CorsTests(ChromiumFixture browser) : IClassFixture<ChromiumFixture>
{
    private const string Probe =
        """
        async ({ base, message }) => {
          const ws = base.replace("http:", "ws:");
          const outcome = {};
          const attempt = async (name, run) => { try { outcome[name] = await run(); } catch { outcome[name] = "refused"; } };
          const opened = (source) => new Promise(resolve => {
            const timer = setTimeout(() => resolve("timed out"), 10000);
            source.onopen = () => { clearTimeout(timer); source.close(); resolve("open"); };
            source.onerror = () => { clearTimeout(timer); source.close(); resolve("refused"); };
          });
          await attempt("poll", async () => (await fetch(base + "/poll")).headers.get("X-Cursor") === null ? "no cursor" : "cursor");
          await attempt("longPoll", async () => (await (await fetch(base + "/long-poll?cursor=0")).text()).length > 0 ? "events" : "empty");
          await attempt("sse", () => opened(new EventSource(base + "/sse")));
          await attempt("webSocket", () => opened(new WebSocket(ws + "/ws")));
          await attempt("publish", async () => (await fetch(base + "/publish", { method: "POST", body: message, headers: { "Content-Type": "text/plain" } })).status.toString());
          return JSON.stringify(outcome);
        }
        """;

    [ChromiumFact]
    public async Task A_page_from_another_origin_is_refused_by_default_on_every_transport()
    {
        var outcome = await ProbeAsync(listed: false);

        Assert.Equal(
            new Dictionary<string, string> { ["poll"] = "refused", ["longPoll"] = "refused", ["sse"] = "refused", ["webSocket"] = "refused", ["publish"] = "refused" },
            outcome);
    }

    [ChromiumFact]
    public async Task A_page_from_an_origin_cors_lists_uses_every_transport_and_reads_X_Cursor()
    {
        var outcome = await ProbeAsync(listed: true);

        Assert.Equal(
            new Dictionary<string, string> { ["poll"] = "cursor", ["longPoll"] = "events", ["sse"] = "open", ["webSocket"] = "open", ["publish"] = "202" },
            outcome);
    }

    private async Task<Dictionary<string, string>> ProbeAsync(bool listed)
    {
        await using var other = await LoopbackTestServer.StartAsync();
        var origin = other.Server.HttpUri.GetLeftPart(UriPartial.Authority);
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { AllowedOrigins = listed ? [origin] : [] });
        server.Server.Feed.Publish(32);
        var context = await browser.Chromium.Browser.NewContextAsync().WaitAsync(ChromiumFixture.Limit);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(ChromiumFixture.Limit);
            await page.GotoAsync(new Uri(other.Server.HttpUri, TransportPaths.Clock).ToString()).WaitAsync(ChromiumFixture.Limit);
            var message = Encoding.ASCII.GetString(EventMessage.Create(1, Stopwatch.GetTimestamp(), 32));
            var json = await page.EvaluateAsync<string>(Probe, new { @base = server.Server.HttpUri.GetLeftPart(UriPartial.Authority), message }).WaitAsync(ChromiumFixture.Limit);
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        }
        finally
        {
            await context.CloseAsync().WaitAsync(ChromiumFixture.Limit);
        }
    }
}
