using System.Net;
using System.Net.Sockets;
using Transports.Bench.Harness;

namespace Transports.Tests.Cli;

/// <summary>`serve --rtt`: the printed addresses cross an emulated path; the control plane and the direct ports do not.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_with_an_rtt_hands_out_the_emulated_addresses_and_they_reach_the_server()
    {
        using var process = BenchProcess.Start("serve", "--machine-readable", "--rate", "0", "--rtt", "100ms", "--bandwidth", "10mbit");
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TestDefaults.Timeout);
            Assert.StartsWith(ServerProcess.ReadyPrefix, ready, StringComparison.Ordinal);
            var emulated = ServerTarget.From(System.Text.Json.JsonSerializer.Deserialize<Transports.Contract.ServerInfo>(ready![ServerProcess.ReadyPrefix.Length..], Transports.Contract.ControlJson.Options)!);
            await ReachAsync(emulated);
        }
        finally
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TestDefaults.Timeout);
        }
    }

    private static async Task ReachAsync(ServerTarget emulated)
    {
        using var control = new ServerControlClient(emulated.ControlUri);
        var direct = ServerTarget.From(await control.InfoAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout));

        Assert.NotEqual(direct.HttpUri, emulated.HttpUri);
        Assert.NotEqual(direct.TcpEndPoint, emulated.TcpEndPoint);
        using var http = new HttpClient();
        foreach (var address in new[] { emulated.HttpUri, direct.HttpUri })
        {
            using var response = await http.GetAsync(new Uri(address, "poll?cursor=0")).WaitAsync(TestDefaults.Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The bytes of the request through the path reached the server's counters like any other.
        var stats = await control.StatsAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        Assert.Equal(2, stats.Wire.Requests);
    }

    [Fact]
    public async Task A_path_port_that_is_taken_is_one_line_and_exit_code_2()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var outcome = await BenchProcess.RunAsync("serve", "--rtt", "10ms", "--port", port);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot listen on 127.0.0.1 (ports {port} and 0) for the emulated path", line, StringComparison.Ordinal);
    }
}
