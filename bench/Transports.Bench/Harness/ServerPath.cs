using System.Net;
using Transports.Network;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// The path clients reach a server over (a scenario's in `run`, everyone's in `serve --rtt`): straight to its ports
/// when there are no network conditions (no relay, no overhead, nothing renamed), or through a
/// <see cref="NetworkRelay"/> in this process with the delay, jitter and bandwidth in front of every port a transport
/// uses (never the control plane). The relay adds no bytes, so the clients' and the server's counts still agree
/// exactly; its own counters tell where the path queued and how late this machine ran its timers.
/// </summary>
public sealed class ServerPath : IAsyncDisposable
{
    private readonly NetworkRelay? _relay;

    private ServerPath(ServerTarget target, NetworkConditions conditions, NetworkRelay? relay)
    {
        Target = target;
        Conditions = conditions;
        _relay = relay;
    }

    public NetworkConditions Conditions { get; }

    /// <summary>Where the clients connect: the server's own ports, or the relay's in front of them.</summary>
    public ServerTarget Target { get; }

    /// <summary>Bytes half way across right now (on a link, or held for a handshake); 0 without a relay.</summary>
    public long OnTheWayBytes => _relay?.OnTheWayBytes ?? 0;

    /// <summary>Whether a relay stands between the clients and the server (network conditions or a proxy).</summary>
    public bool HasRelay => _relay is not null;

    /// <param name="server">Where the server listens.</param>
    /// <param name="conditions">The path; <see cref="NetworkConditions.None"/> for none.</param>
    /// <param name="seed">Seeds the jitter draws.</param>
    /// <param name="listen">Where the relay listens: loopback on any free ports unless given, one port per endpoint of <paramref name="server"/> (0: any).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="stage">An intermediary on every connection (<see cref="NetworkRelayOptions.Stage"/>, a proxy say); with one the relay runs even without conditions.</param>
    public static async Task<ServerPath> OpenAsync(ServerTarget server, NetworkConditions conditions, int seed, CancellationToken cancellationToken, (IPAddress Address, IReadOnlyList<int> Ports)? listen = null, Func<RelayConnectionInfo, IRelayStage?>? stage = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.IsNone && stage is null)
        {
            return new ServerPath(server, conditions, null);
        }

        var ports = listen?.Ports ?? [];
        var targets = server.EndPoints.Select((endPoint, i) => new RelayTarget(endPoint, i < ports.Count ? ports[i] : 0));
        var relay = new NetworkRelay(targets, new NetworkRelayOptions { Conditions = conditions, Seed = seed, ListenAddress = listen?.Address ?? IPAddress.Loopback, Stage = stage });
        try
        {
            await relay.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ServerPath(server.Through(relay), conditions, relay);
        }
        catch
        {
            await relay.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the relay's counters afresh (at the window's start).</summary>
    public void ResetCounters() => _relay?.ResetCounters();

    /// <summary>The relay's counters since the last reset; null without a relay.</summary>
    public RelayFigures? Figures()
    {
        if (_relay is null)
        {
            return null;
        }

        var counters = _relay.Counters;
        var (up, down) = (counters.ToServer, counters.ToClient);
        var chunks = up.DeliveredChunks + down.DeliveredChunks;
        return new RelayFigures
        {
            PeakQueuedBytesDown = down.PeakQueuedBytes,
            PeakQueuedBytesUp = up.PeakQueuedBytes,
            MeanQueueingDelayMsDown = Ms(down.MeanQueueingDelay),
            PeakQueueingDelayMsDown = Ms(down.PeakQueueingDelay),
            MeanLatenessMs = chunks == 0 ? 0 : Math.Round(((up.MeanLateness.TotalMilliseconds * up.DeliveredChunks) + (down.MeanLateness.TotalMilliseconds * down.DeliveredChunks)) / chunks, 3),
            PeakLatenessMs = Ms(up.PeakLateness > down.PeakLateness ? up.PeakLateness : down.PeakLateness),
            ChunksHeldForOrder = up.HeldForOrder + down.HeldForOrder,
            DiscardedBytes = up.DiscardedBytes + down.DiscardedBytes,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 3);
}
