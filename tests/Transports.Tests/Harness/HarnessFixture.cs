using Transports.Bench.Harness;
using Transports.Results;
using Transports.Servers;

namespace Transports.Tests.Harness;

/// <summary>
/// A real Kestrel server on loopback and the harness's runner pointed at it; the Node-hosted transports get their Node
/// servers (fed from this Kestrel's tcp floor) started on first use, as in a run.
/// </summary>
public sealed class HarnessFixture : IAsyncLifetime
{
    private TransportServer? _server;
    private ServerControlClient? _control;
    private NodeServers? _nodes;

    public TransportServer Server => _server!;

    /// <summary>The server's control plane, for a runner of another kind of client.</summary>
    public ServerControlClient Control => _control!;

    public ScenarioRunner Runner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await TransportServer.StartAsync(new TransportServerOptions()).WaitAsync(TestDefaults.Timeout);
        _control = new ServerControlClient(_server.ControlUri);
        _nodes = new NodeServers(_server.TcpEndPoint);
        Runner = new ScenarioRunner(ServerTarget.From(_server), _control, nodes: _nodes);
    }

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        _control?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public Task<ScenarioResult> RunAsync(
        string transport,
        int payloadBytes = 16,
        double rateHz = 20,
        int clients = 1,
        double seconds = 0.6,
        double pollMs = 250,
        double upstreamHz = 0,
        Func<Scenario, Scenario>? change = null)
    {
        var scenario = Scenario(transport, payloadBytes, rateHz, clients, seconds, pollMs, upstreamHz);
        return RunAsync(change?.Invoke(scenario) ?? scenario);
    }

    /// <summary>A scenario of the fixture's shape; wire settings go on with <c>with { Tls = "on" }</c>.</summary>
    public static Scenario Scenario(
        string transport,
        int payloadBytes = 16,
        double rateHz = 20,
        int clients = 1,
        double seconds = 0.6,
        double pollMs = 250,
        double upstreamHz = 0) =>
        new(transport, payloadBytes, rateHz, clients, TimeSpan.FromMilliseconds(pollMs), upstreamHz, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(0.2), Windows: 2);

    public Task<ScenarioResult> RunAsync(Scenario scenario) =>
        // A Node server's first start may run npm ci first (NodeServer allows it two minutes).
        Runner.RunAsync(scenario, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(180));
}
