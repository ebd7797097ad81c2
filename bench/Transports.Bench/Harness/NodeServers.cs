using System.Globalization;
using System.Net;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// The Node servers a run's Node-hosted transports need (<see cref="TransportHost.Node"/>): one process per kind and
/// settings, started on first use, fed from our server's tcp floor, kept while Node-hosted scenarios follow one another
/// and stopped before one of ours (<see cref="StopAllAsync"/>): a Node server's bridge is a connection to our tcp floor,
/// and our server would count its bytes with its own transport's. Where Node is missing the first start says so once
/// (<see cref="Missing"/>) and every Node-hosted scenario after it is skipped at once.
/// </summary>
public sealed class NodeServers(IPEndPoint feed) : IAsyncDisposable
{
    /// <summary>Socket.IO's pingInterval and SockJS's heartbeat_delay out of the box: 25 s each.</summary>
    public static readonly TimeSpan LibraryDefaultHeartbeat = TimeSpan.FromSeconds(25);

    /// <summary>Room beyond warm-up and window for connecting, draining and closing, so no heartbeat falls inside a window.</summary>
    private static readonly TimeSpan HeartbeatMargin = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, NodeServer> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeMissingException? _missing;

    /// <summary>Raised once, with the one line that says Node is missing and how to install it.</summary>
    public event Action<string>? Missing;

    /// <summary>
    /// The heartbeat a library server runs with for <paramref name="scenario"/>: Socket.IO's server ping and SockJS's
    /// <c>h</c> frame, set above warm-up, window and drain so the measured bytes hold events only (the library's
    /// default of 25 s would put a ping in a long window now and then); null for a transport without one.
    /// </summary>
    public static TimeSpan? Heartbeat(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Transport is not (TransportIds.SocketIo or TransportIds.SockJs))
        {
            return null;
        }

        var above = TimeSpan.FromSeconds(Math.Ceiling((scenario.Warmup + scenario.Duration + HeartbeatMargin).TotalSeconds));
        return above > LibraryDefaultHeartbeat ? above : LibraryDefaultHeartbeat;
    }

    /// <summary>The server for <paramref name="scenario"/>'s transport, started if none runs with its settings yet.</summary>
    public async Task<NodeServer> ForAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (!NodeServer.Kinds.TryGetValue(scenario.Transport, out var kind))
        {
            throw new ArgumentException($"{scenario.Transport} is not served by a Node server", nameof(scenario));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_missing is not null)
            {
                throw _missing;
            }

            var arguments = Arguments(kind, scenario);
            var key = string.Join(' ', [kind, .. arguments]);
            if (!_running.TryGetValue(key, out var server))
            {
                try
                {
                    server = await NodeServer.StartAsync(kind, feed, arguments, cancellationToken).ConfigureAwait(false);
                }
                catch (NodeMissingException e)
                {
                    _missing = e;
                    Missing?.Invoke(e.Message);
                    throw;
                }

                _running[key] = server;
            }

            return server;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every Node server, so that none is subscribed to our server while one of our own transports is measured.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var server in _running.Values)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            _running.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
    }

    private static string[] Arguments(string kind, Scenario scenario)
    {
        var heartbeat = Heartbeat(scenario) is { } every ? ((long)every.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null;
        return (kind, heartbeat) switch
        {
            ("socketio", { } ms) => ["--ping-interval", ms],
            ("sockjs", { } ms) => ["--heartbeat", ms],
            _ => [],
        };
    }
}
