using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Transports.Network;

/// <summary>
/// The emulated network between clients and a server: an in-process TCP relay (no root, no kernel module) with one
/// listening port per target. Every accepted connection is connected on to its target and its bytes pumped both
/// ways through the path's two <see cref="NetworkLink"/>s, shared by all connections. It adds no bytes and drops
/// none (except what a reset connection held, counted as discarded), keeps each connection's byte order, passes
/// half-closes on after the delayed data and resets on as resets. With <see cref="NetworkConditions.None"/> it is
/// a plain pass-through.
/// </summary>
public sealed class NetworkRelay : IAsyncDisposable
{
    private readonly IReadOnlyList<RelayTarget> _targets;
    private readonly List<(Socket Listener, RelayRoute Route)> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<RelayConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId;
    private long _accepted;
    private long _aborted;
    private long _targetConnectFailures;
    private long _acceptFailures;
    private long _handshakeHeldBytes;
    private int _started;
    private int _disposed;

    public NetworkRelay(IEnumerable<RelayTarget> targets, NetworkRelayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = [.. targets];
        if (_targets.Count == 0)
        {
            throw new ArgumentException("the relay needs at least one target", nameof(targets));
        }

        Options = options ?? new NetworkRelayOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.ReadBufferSize, 1, nameof(options));
        ToServer = new NetworkLink(Options.Conditions.ToServer, Options.Time, Options.Seed, Options.MaxQueuedBytes);
        ToClient = new NetworkLink(Options.Conditions.ToClient, Options.Time, unchecked(Options.Seed + 1), Options.MaxQueuedBytes);
    }

    /// <summary>How long the accept loop pauses after a failed accept before it tries again.</summary>
    public static TimeSpan AcceptRetryDelay { get; } = TimeSpan.FromMilliseconds(10);

    public NetworkRelayOptions Options { get; }

    public NetworkConditions Conditions => Options.Conditions;

    /// <summary>Client to server.</summary>
    public NetworkLink ToServer { get; }

    /// <summary>Server to client.</summary>
    public NetworkLink ToClient { get; }

    /// <summary>One route per target, in the targets' order; empty before <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<RelayRoute> Routes => [.. _listeners.Select(l => l.Route)];

    public NetworkRelayCounters Counters => new(
        ToServer.Counters,
        ToClient.Counters,
        Interlocked.Read(ref _accepted),
        _connections.Count,
        Interlocked.Read(ref _aborted),
        Interlocked.Read(ref _targetConnectFailures),
        Interlocked.Read(ref _acceptFailures));

    /// <summary>
    /// Bytes the path holds right now, both directions: on a link, or waiting for a new connection's handshake. Live
    /// (never reset), so a harness can read its counters at an instant when nothing is half way across.
    /// </summary>
    public long OnTheWayBytes => ToServer.OnTheWayBytes + ToClient.OnTheWayBytes + Interlocked.Read(ref _handshakeHeldBytes);

    internal bool Stopping => _stopping.IsCancellationRequested;

    /// <summary>Binds every listening port and starts accepting; the routes are known when this returns.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the relay has already been started");
        }

        foreach (var target in _targets)
        {
            var listener = new Socket(Options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(Options.ListenAddress, target.ListenPort));
                listener.Listen();
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            var route = new RelayRoute(target.Target, (IPEndPoint)listener.LocalEndPoint!);
            _listeners.Add((listener, route));
        }

        foreach (var (listener, route) in _listeners)
        {
            _acceptLoops.Add(AcceptAsync(listener, route));
        }

        return Task.CompletedTask;
    }

    /// <summary>Where clients should connect to reach <paramref name="target"/> through the path.</summary>
    public IPEndPoint EndPointFor(IPEndPoint target) =>
        _listeners.Select(l => l.Route).FirstOrDefault(r => r.Target.Equals(target))?.Listening
        ?? throw new ArgumentException($"{target} is not a target of this relay (targets: {string.Join(", ", _targets.Select(t => t.Target))})", nameof(target));

    /// <summary><paramref name="target"/> (an http or ws address with an IP host) with its host and port swapped for the relay's.</summary>
    public Uri UriFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IPAddress.TryParse(target.IdnHost, out var address))
        {
            throw new ArgumentException($"{target} has no IP address for a host; the relay routes by endpoint", nameof(target));
        }

        var listening = EndPointFor(new IPEndPoint(address, target.Port));
        return new UriBuilder(target) { Host = listening.Address.ToString(), Port = listening.Port }.Uri;
    }

    /// <summary>Zeroes both directions' totals and peaks and the connection counts (not what is open).</summary>
    public void ResetCounters()
    {
        ToServer.ResetCounters();
        ToClient.ResetCounters();
        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _aborted, 0);
        Interlocked.Exchange(ref _targetConnectFailures, 0);
        Interlocked.Exchange(ref _acceptFailures, 0);
    }

    /// <summary>Stops listening, resets the connections still open and waits for every task the relay started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var (listener, _) in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops);
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(countAsAbort: false);
        }

        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }

    internal void CountAbort() => Interlocked.Increment(ref _aborted);

    internal void CountTargetConnectFailure() => Interlocked.Increment(ref _targetConnectFailures);

    internal void CountHandshakeHeld(long bytes) => Interlocked.Add(ref _handshakeHeldBytes, bytes);

    private async Task AcceptAsync(Socket listener, RelayRoute route)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && Stopping)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before it was accepted, or no descriptors left: counted, then accept again,
                // after a pause (on the real clock: this is no emulated delay) so a lasting failure does not spin.
                Interlocked.Increment(ref _acceptFailures);
                await Task.Delay(AcceptRetryDelay, TimeProvider.System);
                continue;
            }

            Interlocked.Increment(ref _accepted);
            var info = new RelayConnectionInfo(Interlocked.Increment(ref _nextId), route, client.RemoteEndPoint, Options.Time);
            var connection = new RelayConnection(this, info, client);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = RunAsync(connection, started.Task);
            started.SetResult();
        }
    }

    /// <summary>Runs one connection once it is registered, and forgets it when it is over.</summary>
    private async Task RunAsync(RelayConnection connection, Task registered)
    {
        await registered;
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            connection.Dispose();
            _connections.TryRemove(connection, out _);
        }
    }
}
