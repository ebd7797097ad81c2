using System.Buffers;
using System.IO.Pipelines;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>Counts the bytes the reader consumes (what the server actually took off the wire).</summary>
public sealed class CountingPipeReader(PipeReader inner, WireCounter counter) : PipeReader
{
    private ReadOnlySequence<byte> _buffer;

    public override void AdvanceTo(SequencePosition consumed)
    {
        Count(consumed);
        inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        Count(consumed);
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.GetAwaiter().GetResult();
            _buffer = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }

        return Remember(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        _buffer = result.Buffer;
        return true;
    }

    private async ValueTask<ReadResult> Remember(ValueTask<ReadResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        _buffer = result.Buffer;
        return result;
    }

    private void Count(SequencePosition consumed)
    {
        var length = _buffer.Slice(_buffer.Start, consumed).Length;
        if (length > 0)
        {
            counter.AddIn(length);
        }

        _buffer = default;
    }
}
