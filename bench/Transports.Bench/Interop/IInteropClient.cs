namespace Transports.Bench.Interop;

/// <summary>One client of a library in the interop comparison: the official one (in Node) or ours (in this process).</summary>
public interface IInteropClient : IAsyncDisposable
{
    /// <summary>"official" or "ours".</summary>
    string Name { get; }

    /// <summary>Waits until the client is subscribed (and, where the library upgrades, upgraded); returns the transport it is on.</summary>
    Task<string> ReadyAsync(CancellationToken cancellationToken);

    /// <summary>Waits until <paramref name="count"/> events have arrived since the start.</summary>
    Task WaitForEventsAsync(int count, CancellationToken cancellationToken);
}
