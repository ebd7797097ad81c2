using System.IO.Pipelines;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>Counts the bytes written to the wire, and the flushes that send them (<paramref name="flushed"/>, if given).</summary>
public sealed class CountingPipeWriter(PipeWriter inner, WireCounter counter, Action? flushed = null) : PipeWriter
{
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes)
    {
        counter.AddOut(bytes);
        inner.Advance(bytes);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        flushed?.Invoke();
        return inner.FlushAsync(cancellationToken);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        // The inner writer's WriteAsync advances itself, not through this wrapper: count here once.
        counter.AddOut(source.Length);
        flushed?.Invoke();
        return inner.WriteAsync(source, cancellationToken);
    }
}
