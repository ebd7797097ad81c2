using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests;

/// <summary>A server under test, real or in memory, and how a client reaches it.</summary>
public interface ITestServer : IAsyncDisposable
{
    IServiceProvider Services { get; }

    EventFeed Feed => Services.GetRequiredService<EventFeed>();

    UpstreamIngest Upstream => Services.GetRequiredService<UpstreamIngest>();

    ServerWireStats Wire => Services.GetRequiredService<ServerWireStats>();

    /// <summary>Connections for one client, its bytes counted into <paramref name="counter"/> where sockets exist.</summary>
    ClientConnections Connections(WireCounter counter);
}

/// <summary>Kestrel on real loopback sockets.</summary>
public sealed class LoopbackTestServer(TransportServer server) : ITestServer
{
    public TransportServer Server { get; } = server;

    public IServiceProvider Services => Server.Services;

    public static async Task<LoopbackTestServer> StartAsync(TransportServerOptions? options = null) =>
        new(await TransportServer.StartAsync(options ?? TestDefaults.ServerOptions).WaitAsync(TestDefaults.Timeout));

    public ClientConnections Connections(WireCounter counter) => LoopbackConnections.Create(Server.HttpUri, Server.TcpEndPoint, counter);

    /// <summary>Connections with wire settings, over the listeners they need.</summary>
    public ClientConnections Connections(WireCounter counter, ConnectionSettings settings, SocketLedger? sockets = null) =>
        ServerEndpoints.From(Server.Info).Connect(counter, settings, sockets);

    /// <summary>Settings with TLS trusting exactly this server's certificate.</summary>
    public ConnectionSettings Tls(ConnectionSettings? settings = null) =>
        (settings ?? ConnectionSettings.Default) with { TrustedCertificateSha256 = Server.Info.CertificateSha256 };

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The same app on TestHost, in memory: fast behaviour tests, no wire bytes.</summary>
public sealed class InMemoryTestServer(WebApplication app) : ITestServer
{
    private readonly TestServer _server = app.GetTestServer();

    public IServiceProvider Services => app.Services;

    public static async Task<InMemoryTestServer> StartAsync(TransportServerOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        TransportServer.AddServices(builder.Services, options ?? TestDefaults.ServerOptions);
        var app = builder.Build();
        TransportServer.MapEndpoints(app);
        await app.StartAsync().WaitAsync(TestDefaults.Timeout);
        return new InMemoryTestServer(app);
    }

    public ClientConnections Connections(WireCounter counter) => new()
    {
        HttpBase = _server.BaseAddress,
        CreateHttpHandler = _server.CreateHandler,
        // TestHost does not expose the handshake's response headers.
        ConnectWebSocket = async (request, cancellationToken) =>
        {
            var client = _server.CreateWebSocketClient();
            if (request.SubProtocol is { } subProtocol)
            {
                client.SubProtocols.Add(subProtocol);
            }

            return new ConnectedWebSocket(await client.ConnectAsync(request.Uri, cancellationToken), null);
        },
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TestDefaults.Timeout);
        await app.DisposeAsync();
    }
}

public static class TestDefaults
{
    /// <summary>The bound on every await in the tests: generous, never a timing assertion.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(20);

    public static TransportServerOptions ServerOptions { get; } = new()
    {
        LongPollTimeout = TimeSpan.FromSeconds(1),
        MaxUpstreamBytes = 4096,
    };

    public static ClientOptions ClientOptions { get; } = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        ReconnectDelay = TimeSpan.FromMilliseconds(20),
    };
}

/// <summary>
/// A Node-hosted transport's server: a loopback Kestrel (its feed, its upstream ingest) and the real Node server
/// (servers/node) fed from its tcp floor, which the clients reach.
/// </summary>
public sealed class NodeTestServer(LoopbackTestServer kestrel, Bench.Harness.NodeServer node) : ITestServer
{
    public LoopbackTestServer Kestrel { get; } = kestrel;

    public Bench.Harness.NodeServer Node { get; } = node;

    public IServiceProvider Services => Kestrel.Services;

    public static async Task<NodeTestServer> StartAsync(string transport)
    {
        var kestrel = await LoopbackTestServer.StartAsync();
        try
        {
            var kind = Bench.Harness.NodeServer.Kinds[transport];
            var max = TestDefaults.ServerOptions.MaxUpstreamBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A first start may run npm ci (NodeServer allows two minutes).
            var node = await Bench.Harness.NodeServer.StartAsync(kind, kestrel.Server.TcpEndPoint, ["--max-upstream", max], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(150));
            return new NodeTestServer(kestrel, node);
        }
        catch
        {
            await kestrel.DisposeAsync();
            throw;
        }
    }

    public ClientConnections Connections(WireCounter counter) => LoopbackConnections.Create(Node.HttpUri, null, counter);

    /// <summary>Waits until the Node server has had the feed up to <paramref name="sequence"/> over its bridge.</summary>
    public async Task WaitForBridgeAsync(long sequence)
    {
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        while ((await Node.StatsAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Stats.LastSequence < sequence)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the node server never saw event {sequence}");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Kestrel.DisposeAsync();
    }
}
