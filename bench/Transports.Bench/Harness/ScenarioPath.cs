using Transports.Network;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// The path one scenario's clients reach the server over: straight to its ports when the scenario has no network
/// conditions (no relay, no overhead, nothing renamed), or through a <see cref="NetworkRelay"/> in this process with
/// the scenario's delay, jitter and bandwidth in front of every port a transport uses. The relay adds no bytes, so
/// the clients' and the server's counts still agree exactly; its own counters tell where the path queued and how late
/// this machine ran its timers.
/// </summary>
public sealed class ScenarioPath : IAsyncDisposable
{
    private readonly NetworkRelay? _relay;

    private ScenarioPath(ServerTarget target, NetworkRelay? relay)
    {
        Target = target;
        _relay = relay;
    }

    /// <summary>Where the clients connect: the server's own ports, or the relay's in front of them.</summary>
    public ServerTarget Target { get; }

    /// <summary>Bytes half way across right now (on a link, or held for a handshake); 0 without a relay.</summary>
    public long OnTheWayBytes => _relay?.OnTheWayBytes ?? 0;

    public static async Task<ScenarioPath> OpenAsync(ServerTarget server, NetworkConditions conditions, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.IsNone)
        {
            return new ScenarioPath(server, null);
        }

        var relay = new NetworkRelay(server.EndPoints.Select(e => new RelayTarget(e)), new NetworkRelayOptions { Conditions = conditions, Seed = seed });
        try
        {
            await relay.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ScenarioPath(server.Through(relay), relay);
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
