using System.Globalization;
using Xunit.Abstractions;

namespace Transports.Tests.Interop;

/// <summary>
/// Widely used client libraries against `serve`, one test per client (tests/interop/standard-clients.mjs checks
/// each: events complete and in order, resume, foreign Origin refused, bad and oversized upstream refused, the close
/// handshake, exact wire bytes per event where the framing fixes them). One serve for the class; a missing Node fails
/// with the line that installs it.
/// </summary>
public sealed class StandardClientTests(ServeFixture serve, ITestOutputHelper output) : IClassFixture<ServeFixture>
{
    [Fact]
    public Task Node_ws_on_websocket() => RunAsync("ws");

    [Fact]
    public Task Eventsource_on_sse() => RunAsync("eventsource");

    [Fact]
    public Task Fetch_on_polling_long_polling_and_publish() => RunAsync("fetch");

    [Fact]
    public Task Stompjs_on_stomp() => RunAsync("stomp");

    private async Task RunAsync(string client)
    {
        var text = await NodeScripts.RunAsync(
            "standard-clients.mjs",
            ["--control", serve.Target.ControlUri.ToString(), "--clients", client, "--max-upstream", ServeFixture.MaxUpstreamBytes.ToString(CultureInfo.InvariantCulture)]);
        output.WriteLine(text);
        Assert.Contains(" passed, 0 failed", text, StringComparison.Ordinal);
    }
}
