using System.IO.Pipelines;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Counts the bytes written to the wire, and (<paramref name="flushed"/>, if given) the flushes that send some: a flush
/// with nothing new written sends nothing and is not counted.
/// </summary>
public sealed class CountingPipeWriter(PipeWriter inner, WireCounter counter, Action? flushed = null) : PipeWriter
{
    private bool _unflushed;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes)
    {
        counter.AddOut(bytes);
        _unflushed |= bytes > 0;
        inner.Advance(bytes);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_unflushed)
        {
            _unflushed = false;
            flushed?.Invoke();
        }

        return inner.FlushAsync(cancellationToken);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        // The inner writer's WriteAsync advances itself, not through this wrapper: count here once.
        counter.AddOut(source.Length);
        if (source.Length > 0 || _unflushed)
        {
            _unflushed = false;
            flushed?.Invoke();
        }

        return inner.WriteAsync(source, cancellationToken);
    }
}
