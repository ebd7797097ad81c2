namespace Transports.Clients;

/// <summary>
/// The connection a streaming client sends upstream on: swapped in by each (re)connect once its subscribe exchange is
/// complete (the previous one is released), and used by one sender at a time, so two messages never interleave
/// their frames.
/// </summary>
internal sealed class UpstreamConnection<TConnection>(string transport) : IAsyncDisposable
    where TConnection : class, IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TConnection? _current;

    /// <summary>The connection in use; null before the first connect.</summary>
    public TConnection? Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="connection"/> the one upstream sends use, and releases the one before.</summary>
    public ValueTask SwapAsync(TConnection connection) => ReleaseAsync(Interlocked.Exchange(ref _current, connection));

    /// <summary>Runs <paramref name="send"/> on the current connection, alone; throws when there is none yet.</summary>
    public async ValueTask SendAsync<TState>(TState state, Func<TConnection, TState, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var connection = Current ?? throw new InvalidOperationException($"{transport}: not connected.");
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await send(connection, state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync(Interlocked.Exchange(ref _current, null)).ConfigureAwait(false);
        _sendLock.Dispose();
    }

    private static async ValueTask ReleaseAsync(TConnection? connection)
    {
        if (connection is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            connection?.Dispose();
        }
    }
}
