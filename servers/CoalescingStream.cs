namespace Transports.Servers;

/// <summary>
/// The stream under a server WebSocket: passes every write through (Kestrel's upgraded stream writes and flushes
/// each one), except between <see cref="BeginBatch"/> and <see cref="EndBatchAsync"/>, where whole frames are kept
/// and then go out in one write, so one flush. The managed WebSocket writes each frame (header and payload) in one
/// call and serializes its sends; a control frame sent from the receive side during a batch (a pong, a close) joins
/// the batch in order. Frames are never split or changed: the bytes on the wire are the same either way.
/// </summary>
public sealed class CoalescingStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly MemoryStream _batch = new();
    private bool _batching;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Keeps writes until <see cref="EndBatchAsync"/>.</summary>
    public void BeginBatch()
    {
        _writing.Wait();
        try
        {
            _batching = true;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Writes what was kept in one write (one flush), and passes writes through again.</summary>
    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _batching = false;
            if (_batch.Length > 0)
            {
                await inner.WriteAsync(_batch.GetBuffer().AsMemory(0, (int)_batch.Length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _batch.SetLength(0);
            _writing.Release();
        }
    }

    /// <summary>Drops a batch that will never be sent (the session ended mid-batch): whole frames only, never part of one.</summary>
    public void AbandonBatch()
    {
        _writing.Wait();
        try
        {
            _batching = false;
            _batch.SetLength(0);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_batching)
            {
                _batch.Write(buffer.Span);
                return;
            }

            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _batching ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        _writing.Dispose();
        await _batch.DisposeAsync().ConfigureAwait(false);
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writing.Dispose();
            _batch.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
