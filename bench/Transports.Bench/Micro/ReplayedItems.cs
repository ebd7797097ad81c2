namespace Transports.Bench.Micro;

/// <summary>
/// A fixed list as an async stream that can be read again and again without allocating: each enumeration
/// restarts it. One reader at a time, which is all a benchmark needs.
/// </summary>
internal sealed class ReplayedItems<T>(T[] items) : IAsyncEnumerable<T>, IAsyncEnumerator<T>
{
    private int _index = -1;

    public T Current => items[_index];

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        _index = -1;
        return this;
    }

    public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(++_index < items.Length);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
