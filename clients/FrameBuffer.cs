using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// A receive buffer for <see cref="LengthPrefixedFrame"/>s: each read from the socket takes as much as has arrived, and
/// every whole frame in it is handed out without a copy or an allocation, so a burst of events costs one read, not two
/// per event. A frame handed out stays valid until the next read.
/// </summary>
public sealed class FrameBuffer(int maxFrameBytes)
{
    private const int InitialSize = 64 * 1024;
    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;

    /// <summary>Forgets what is buffered (a new connection).</summary>
    public void Clear() => _start = _end = 0;

    /// <summary>The next whole frame's payload if it has arrived; <see cref="InvalidDataException"/> for one over the limit.</summary>
    public bool TryTake(out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        var buffered = _end - _start;
        if (buffered < LengthPrefixedFrame.HeaderSize)
        {
            return false;
        }

        var length = LengthPrefixedFrame.ReadHeader(_buffer.AsSpan(_start, LengthPrefixedFrame.HeaderSize));
        if (length > maxFrameBytes)
        {
            throw new InvalidDataException($"tcp: frame of {length} bytes exceeds the limit of {maxFrameBytes}.");
        }

        if (buffered - LengthPrefixedFrame.HeaderSize < length)
        {
            return false;
        }

        payload = _buffer.AsMemory(_start + LengthPrefixedFrame.HeaderSize, length);
        _start += LengthPrefixedFrame.HeaderSize + length;
        return true;
    }

    /// <summary>Reads what has arrived (at least one byte); <see cref="EndOfStreamException"/> when the peer closed.</summary>
    public async ValueTask ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MakeRoom();
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("tcp: the connection closed.");
        }

        _end += read;
    }

    /// <summary>Room after the buffered bytes for the rest of the frame they begin (and more): moved to the front, or a larger buffer.</summary>
    private void MakeRoom()
    {
        var buffered = _end - _start;
        var needed = InitialSize / 2;
        if (buffered >= LengthPrefixedFrame.HeaderSize)
        {
            needed = Math.Max(needed, LengthPrefixedFrame.HeaderSize + Math.Min(LengthPrefixedFrame.ReadHeader(_buffer.AsSpan(_start)), maxFrameBytes));
        }

        if (_buffer.Length - _end >= needed - buffered && _buffer.Length - _end > 0)
        {
            return;
        }

        var target = _buffer.Length >= needed ? _buffer : new byte[Math.Max(needed, _buffer.Length * 2)];
        _buffer.AsSpan(_start, buffered).CopyTo(target);
        _buffer = target;
        _start = 0;
        _end = buffered;
    }
}
