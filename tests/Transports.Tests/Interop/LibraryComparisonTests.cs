using Transports.Bench;
using Transports.Bench.Harness;
using Transports.Bench.Interop;
using Xunit.Abstractions;

namespace Transports.Tests.Interop;

/// <summary>
/// The official clients (@microsoft/signalr, socket.io-client, run by Node) and ours against the same servers (`serve`'s
/// SignalR hub, the real Socket.IO server fed from its tcp floor), the same 20 events of 16 B, counted at a relay in
/// front of the server: setup bytes and bytes per event, each way, within 5% for SignalR over WebSockets, SSE and long
/// polling and Socket.IO over websocket, polling and polling-then-upgrade. The table is printed. A missing Node fails
/// with the line that installs it.
/// </summary>
public sealed class LibraryComparisonTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Official_clients_and_ours_carry_the_same_bytes_within_5_percent()
    {
        await NodeScripts.RequireAsync(NodeScripts.NodeServersFolder);
        using var bound = new CancellationTokenSource(Bound);
        await using var serve = await ServerProcess.StartAsync([], bound.Token, typeof(BenchCli).Assembly.Location);
        using var control = new ServerControlClient(serve.Target.ControlUri);
        var options = new InteropOptions();
        var rows = await InteropComparison.RunAsync(serve.Target, control, options, output.WriteLine, bound.Token).WaitAsync(Bound);
        var table = InteropComparison.Table(rows, options.PayloadBytes);
        output.WriteLine(table);

        Assert.Equal(InteropCase.All, rows.Select(r => r.Case));
        Assert.True(rows.All(r => r.Agrees), $"{string.Join('\n', rows.SelectMany(r => r.Disagreements))}\n{table}");
    }
}
