using System.Buffers;

namespace Transports.Clients;

/// <summary>
/// Bytes of a record-separated stream that arrive in arbitrary pieces (WebSocket messages, SSE data, poll bodies):
/// each complete record goes to the handler at once, and a partial one waits for the rest.
/// </summary>
internal sealed class RecordBuffer(byte separator, int maxRecordBytes) : IDisposable
{
    private byte[] _held = ArrayPool<byte>.Shared.Rent(1024);
    private int _length;

    /// <summary>Appends <paramref name="bytes"/> and hands out every record now complete; false once the handler says stop.</summary>
    public bool Append<TState>(ReadOnlySpan<byte> bytes, TState state, Func<ReadOnlySpan<byte>, TState, bool> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_length == 0)
        {
            // The common case: whole records, nothing held. Hand them out from the caller's span.
            var consumed = Split(bytes, state, record, out var go);
            if (!go)
            {
                return false;
            }

            Hold(bytes[consumed..]);
            return true;
        }

        Hold(bytes);
        var used = Split(_held.AsSpan(0, _length), state, record, out var more);
        _held.AsSpan(used, _length - used).CopyTo(_held);
        _length -= used;
        return more;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_held);
        _held = [];
    }

    private int Split<TState>(ReadOnlySpan<byte> bytes, TState state, Func<ReadOnlySpan<byte>, TState, bool> record, out bool go)
    {
        var consumed = 0;
        go = true;
        while (go)
        {
            var end = bytes[consumed..].IndexOf(separator);
            if (end < 0)
            {
                break;
            }

            go = record(bytes.Slice(consumed, end), state);
            consumed += end + 1;
        }

        return consumed;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_length + bytes.Length > maxRecordBytes)
        {
            throw new InvalidDataException($"a record longer than {maxRecordBytes} bytes");
        }

        if (_length + bytes.Length > _held.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_held.Length * 2, _length + bytes.Length));
            _held.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_held);
            _held = larger;
        }

        bytes.CopyTo(_held.AsSpan(_length));
        _length += bytes.Length;
    }
}
