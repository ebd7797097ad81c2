using System.Buffers;
using System.Threading.Channels;

namespace Transports.Network;

/// <summary>
/// One connection's bytes in one direction of a <see cref="NetworkLink"/>: one writer puts chunks in as they are
/// read from the sender, one reader takes each out when the link's clock reaches its delivery time, in order.
/// The end of the stream (FIN) travels as a last, empty chunk, so it arrives after the delayed data, one delay
/// after it was sent.
/// </summary>
public sealed class LinkFlow : IByteSource, IByteSink
{
    /// <summary>4 MiB a connection and direction: about what a Linux TCP window holds, so a path with a long delay
    /// and no bandwidth limit still carries 4 MiB per one-way delay, as a real window-limited connection would.</summary>
    public const long DefaultMaxHeldBytes = 4 << 20;

    private readonly NetworkLink _link;
    private readonly long _maxHeldBytes;
    private readonly Channel<Chunk> _chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _gate = new();
    private long _heldBytes;
    private TaskCompletionSource? _roomWaiter;
    private byte[]? _lent;
    private bool _ended;

    internal LinkFlow(NetworkLink link, long maxHeldBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeldBytes, 1);
        _link = link;
        _maxHeldBytes = maxHeldBytes;
    }

    /// <summary>Bytes written and not yet read: in the bottleneck queue, on the way, or due and not yet taken.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _heldBytes;
            }
        }
    }

    /// <summary>The delivery time of the latest chunk; the next one is never delivered before it. Guarded by the link.</summary>
    internal long LastDeliverAt { get; set; } = long.MinValue;

    /// <summary>
    /// Copies <paramref name="bytes"/> onto the link as one chunk, then returns once the sender may read more: at
    /// once, unless the bottleneck holds more than its bound or this flow more than its own (backpressure).
    /// </summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        Enqueue(bytes);
        return HasRoom() ? ValueTask.CompletedTask : new ValueTask(WaitForRoomAsync(cancellationToken));
    }

    /// <summary>The sender has finished (FIN): the reader sees the end after every chunk written before it.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        var schedule = _link.Schedule(this, 0);
        _chunks.Writer.TryWrite(new Chunk(null, 0, schedule.DeliverAt));
        _chunks.Writer.TryComplete();
    }

    ValueTask IByteSink.CompleteAsync(CancellationToken cancellationToken)
    {
        Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The next chunk, once its delivery time has come; empty at the end of the stream. The memory stays valid
    /// until the next call.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        ReturnLent();
        Chunk head;
        while (!_chunks.Reader.TryPeek(out head))
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                return ReadOnlyMemory<byte>.Empty;
            }
        }

        await _link.WaitUntilAsync(head.DeliverAt, cancellationToken);
        _chunks.Reader.TryRead(out _);
        if (head.Buffer is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        _lent = head.Buffer;
        Release(head.Length);
        _link.CountDelivered(head.Length, head.DeliverAt);
        return head.Buffer.AsMemory(0, head.Length);
    }

    /// <summary>Schedules one chunk without waiting for room; the model tests read its times from the result.</summary>
    internal LinkSchedule Enqueue(ReadOnlyMemory<byte> bytes)
    {
        lock (_gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException("the flow has ended; nothing can follow the FIN");
            }

            _heldBytes += bytes.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        var schedule = _link.Schedule(this, bytes.Length);
        _chunks.Writer.TryWrite(new Chunk(buffer, bytes.Length, schedule.DeliverAt));
        return schedule;
    }

    /// <summary>
    /// The connection aborted: what it still held is dropped (and counted as discarded), as TCP drops a reset
    /// connection's unread bytes. Call once no one reads or writes any more.
    /// </summary>
    internal void Discard()
    {
        _chunks.Writer.TryComplete();
        ReturnLent();
        long discarded = 0;
        while (_chunks.Reader.TryRead(out var chunk))
        {
            if (chunk.Buffer is not null)
            {
                discarded += chunk.Length;
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }

        if (discarded > 0)
        {
            Release(discarded);
            _link.CountDiscarded(discarded);
        }
    }

    private bool HasRoom()
    {
        lock (_gate)
        {
            if (_heldBytes > _maxHeldBytes)
            {
                return false;
            }
        }

        return _link.RoomAt() <= _link.Time.GetTimestamp();
    }

    private async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var pausedAt = _link.Time.GetTimestamp();
        while (true)
        {
            Task? roomInFlow = null;
            lock (_gate)
            {
                if (_heldBytes > _maxHeldBytes)
                {
                    _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    roomInFlow = _roomWaiter.Task;
                }
            }

            if (roomInFlow is not null)
            {
                await roomInFlow.WaitAsync(cancellationToken);
                continue;
            }

            var roomAt = _link.RoomAt();
            if (roomAt <= _link.Time.GetTimestamp())
            {
                break;
            }

            await _link.WaitUntilAsync(roomAt, cancellationToken);
        }

        _link.CountBackpressure(_link.Time.GetTimestamp() - pausedAt);
    }

    private void Release(long bytes)
    {
        TaskCompletionSource? waiter = null;
        lock (_gate)
        {
            _heldBytes -= bytes;
            if (_roomWaiter is not null && _heldBytes <= _maxHeldBytes)
            {
                (waiter, _roomWaiter) = (_roomWaiter, null);
            }
        }

        waiter?.TrySetResult();
    }

    private void ReturnLent()
    {
        if (_lent is { } lent)
        {
            _lent = null;
            ArrayPool<byte>.Shared.Return(lent);
        }
    }

    /// <summary>A chunk's bytes (rented; null for the end of the stream) and when it is due at the far end.</summary>
    private readonly record struct Chunk(byte[]? Buffer, int Length, long DeliverAt);
}
