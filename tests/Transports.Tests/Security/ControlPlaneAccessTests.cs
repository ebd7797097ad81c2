using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Transports.Bench;
using Transports.Bench.Cli;
using Transports.Bench.Harness;
using Transports.Servers;

namespace Transports.Tests.Security;

/// <summary>
/// The control plane can drop every connection and steer the feed, so it is never open by accident: loopback whatever
/// the transports bind, and anywhere else only behind a bearer token.
/// </summary>
public sealed class ControlPlaneAccessTests
{
    private const string Token = "s3cret-token-of-24-chars";

    [Fact]
    public async Task Transports_on_another_address_leave_the_control_plane_on_127_0_0_1()
    {
        // 127.0.0.2 stands for "another interface" (0.0.0.0 in real use) without opening anything beyond this machine.
        var elsewhere = IPAddress.Parse("127.0.0.2");
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions with { Address = elsewhere }).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(elsewhere, server.TcpEndPoint.Address);
        Assert.Equal("127.0.0.1", server.ControlUri.Host);
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => l.Port == server.ControlUri.Port).ToList();
        Assert.Equal([IPAddress.Loopback], listeners.Select(l => l.Address).Distinct());

        using var refused = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(new IPEndPoint(elsewhere, server.ControlUri.Port)).WaitAsync(TestDefaults.Timeout));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        using var control = new ServerControlClient(server.ControlUri);
        Assert.NotNull(await control.StatsAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout));
    }

    [Fact]
    public void Serve_on_every_interface_keeps_the_control_plane_on_loopback_without_a_token()
    {
        var options = ServeOptions("serve", "--address", "0.0.0.0");

        Assert.Equal(IPAddress.Any, options.Address);
        Assert.Equal(IPAddress.Loopback, options.ControlAddress);
        Assert.Null(options.ControlToken);
    }

    [Fact]
    public void A_control_plane_off_loopback_gets_a_token_generated_unless_one_is_given()
    {
        var generated = ServeOptions("serve", "--control-address", "0.0.0.0");
        var another = ServeOptions("serve", "--control-address", "0.0.0.0");
        var given = ServeOptions("serve", "--control-address", "0.0.0.0", "--control-token", Token);

        Assert.Equal(IPAddress.Any, generated.ControlAddress);
        Assert.Equal(43, generated.ControlToken?.Length);
        Assert.NotEqual(generated.ControlToken, another.ControlToken);
        Assert.Equal(Token, given.ControlToken);
    }

    [Fact]
    public async Task The_server_never_opens_its_control_plane_off_loopback_without_a_token()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TransportServer.StartAsync(TestDefaults.ServerOptions with { ControlAddress = IPAddress.Any }));

        Assert.Contains("only with a token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer s3cret-token-and-more")]
    [InlineData("Basic czNjcmV0LXRva2Vu")]
    [InlineData("s3cret-token")]
    public async Task A_control_request_without_the_token_gets_401_and_changes_nothing(string? authorization)
    {
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions with { ControlToken = Token }).WaitAsync(TestDefaults.Timeout);
        using var http = new HttpClient { BaseAddress = server.ControlUri };
        var before = server.Feed.LastSequence;

        foreach (var (method, path) in new[] { (HttpMethod.Get, "control/stats"), (HttpMethod.Post, "control/publish?count=5&payload=64"), (HttpMethod.Post, "control/drop"), (HttpMethod.Get, "control/clock"), (HttpMethod.Post, "control/barrier?key=k&parties=1&timeoutMs=0"), (HttpMethod.Get, "control/memory?gc=true") })
        {
            using var request = new HttpRequestMessage(method, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await http.SendAsync(request).WaitAsync(TestDefaults.Timeout);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal(before, server.Feed.LastSequence);
    }

    [Fact]
    public async Task The_token_opens_the_control_plane_and_the_transports_never_ask_for_it()
    {
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions with { ControlToken = Token }).WaitAsync(TestDefaults.Timeout);
        using var control = new HttpClient { BaseAddress = server.ControlUri };
        control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var transports = new HttpClient { BaseAddress = server.HttpUri };

        using var stats = await control.GetAsync("control/stats").WaitAsync(TestDefaults.Timeout);
        using var poll = await transports.GetAsync("poll").WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
    }

    [Fact]
    public async Task Run_against_a_server_that_wants_a_token_needs_it_and_works_with_it()
    {
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions with { ControlToken = Token }).WaitAsync(TestDefaults.Timeout);

        var refused = await Assert.ThrowsAsync<UsageException>(() => ServerConnection.OpenAsync(new ServerChoice(server.ControlUri), CancellationToken.None).WaitAsync(TestDefaults.Timeout));
        await using var connection = await ServerConnection.OpenAsync(new ServerChoice(server.ControlUri, Token), CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.Contains("--token", refused.Message, StringComparison.Ordinal);
        Assert.Equal(server.HttpUri, connection.Target.HttpUri);
        Assert.True((await connection.Control.MemoryAsync(collect: false, CancellationToken.None).WaitAsync(TestDefaults.Timeout)).WorkingSetBytes > 0);
    }

    private static TransportServerOptions ServeOptions(params string[] args)
    {
        var parse = BenchCli.CreateRoot().Parse(args);
        Assert.Empty(parse.Errors);
        return ServeCommand.ResolveOptions(parse);
    }
}
