using Transports.Bench.Harness;
using Transports.Clients;

namespace Transports.Bench.Browser;

/// <summary>
/// The Chromium a run's browser clients live in: launched at the first scenario that wants one and kept for the run
/// (each client gets a context of its own, closed with the client), closed with the run.
/// </summary>
public sealed class BrowserClients : IAsyncDisposable
{
    /// <summary>The most browser clients a scenario may have: enough on a 2-core machine; beyond is the .NET clients' job.</summary>
    public const int MaxPages = 50;

    /// <summary>Pages opened at once: each is a renderer process starting.</summary>
    private const int OpenConcurrency = 4;

    private readonly SemaphoreSlim _launch = new(1, 1);
    private Chromium? _chromium;

    /// <summary>Opens <paramref name="count"/> pages on the live page of <paramref name="httpBase"/>, each a client of <paramref name="transport"/>.</summary>
    public async Task<IReadOnlyList<BrowserClient>> OpenAsync(Uri httpBase, string transport, IReadOnlyList<IEventSink> sinks, ClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        var chromium = await LaunchOnceAsync(cancellationToken).ConfigureAwait(false);
        var clients = new BrowserClient[sinks.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, sinks.Count),
                new ParallelOptions { MaxDegreeOfParallelism = OpenConcurrency, CancellationToken = cancellationToken },
                async (i, token) => clients[i] = await BrowserClient.OpenAsync(chromium, httpBase, transport, sinks[i], options, token).ConfigureAwait(false)).ConfigureAwait(false);
            return clients;
        }
        catch
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<Chromium> LaunchOnceAsync(CancellationToken cancellationToken)
    {
        await _launch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _chromium ??= await Chromium.LaunchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync().ConfigureAwait(false);
        }

        _launch.Dispose();
    }
}
