using Transports.Bench;
using Xunit.Abstractions;

namespace Transports.Tests.Interop;

/// <summary>
/// The Node peer servers (servers/node: ws, socket.io, sockjs bridged to the feed) against a `serve` the smoke script
/// starts from the built bench (tests/interop/smoke-node-servers.mjs: it also drops serve's connections once to check
/// that the bridge resubscribes without loss).
/// </summary>
public sealed class NodeServerSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Node_servers_serve_the_feed_byte_for_byte()
    {
        var text = await NodeScripts.RunAsync("smoke-node-servers.mjs", ["--bench-dll", typeof(BenchCli).Assembly.Location], NodeScripts.NodeServersFolder);
        output.WriteLine(text);
        Assert.Contains(" passed, 0 failed", text, StringComparison.Ordinal);
    }
}
