using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// The server process that serves one scenario's transport, as the runner reads it: our Kestrel host through its
/// control plane, or the Node server the harness started for a Node-hosted transport (its own control plane, with the
/// same wire counters, CPU time and last sequence). The feed is always our server's: the Node server is fed from it.
/// </summary>
public sealed class ScenarioServer(ServerControlClient ours, NodeServer? node)
{
    /// <summary>The Node server, where the transport is Node-hosted; null for our own.</summary>
    public NodeServer? Node => node;

    public async Task<ServerStats> StatsAsync(CancellationToken cancellationToken) =>
        node is null ? await ours.StatsAsync(cancellationToken).ConfigureAwait(false) : (await node.StatsAsync(cancellationToken).ConfigureAwait(false)).Stats;

    /// <summary>
    /// Memory and open connections. A Node server reports its resident set and V8's used heap with no collection forced
    /// (Node runs without --expose-gc), so its per-connection figure is rougher than ours.
    /// </summary>
    public async Task<ServerMemory> MemoryAsync(bool collect, CancellationToken cancellationToken)
    {
        if (node is null)
        {
            return await ours.MemoryAsync(collect, cancellationToken).ConfigureAwait(false);
        }

        var (_, figures) = await node.StatsAsync(cancellationToken).ConfigureAwait(false);
        return new ServerMemory(figures.RssBytes, figures.HeapUsedBytes, figures.OpenConnections);
    }

    /// <summary>Aborts every transport connection of the server that serves the transport.</summary>
    public Task<int> DropAsync(CancellationToken cancellationToken) =>
        node is null ? ours.DropAsync(cancellationToken) : node.DropAsync(cancellationToken);

    /// <summary>At the window's start: a Node server clears its bridge hop samples (its counters are cumulative, like ours).</summary>
    public Task ResetAsync(CancellationToken cancellationToken) => node is null ? Task.CompletedTask : node.ResetAsync(cancellationToken);

    /// <summary>Whether the server has taken in the feed up to <paramref name="sequence"/> (ours publishes it; a Node server must have had it over the bridge).</summary>
    public async Task<bool> HasAsync(long sequence, CancellationToken cancellationToken) =>
        node is null || (await node.StatsAsync(cancellationToken).ConfigureAwait(false)).Stats.LastSequence >= sequence;

    /// <summary>The bridge hop over the window (since <see cref="ResetAsync"/>); null for our own server.</summary>
    public async Task<BridgeHop?> BridgeHopAsync(CancellationToken cancellationToken) =>
        node is null ? null : (await node.StatsAsync(cancellationToken).ConfigureAwait(false)).Node.BridgeHop;
}
