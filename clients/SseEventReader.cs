namespace Transports.Clients;

/// <summary>
/// Reads an event stream (text/event-stream, the WHATWG HTML "event stream interpretation") without allocating per
/// event: each read takes as much as has arrived, and every whole event in it is handed out as its data, lines joined
/// by LF. Lines end in CRLF, LF or CR; comments (":") are skipped; "id", "event" and "retry" are read past (the client
/// resumes from the sequence in the message, and this suite's server sends one kind of event). An event without
/// data is no event. Data handed out stays valid until the next call.
/// </summary>
public sealed class SseEventReader(int maxEventBytes)
{
    private const int InitialSize = 64 * 1024;
    private static ReadOnlySpan<byte> DataField => "data"u8;

    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;
    private byte[] _data = new byte[256];
    private int _dataLength;
    private bool _hasData;
    private bool _afterCr;

    /// <summary>Forgets what is buffered (a new response).</summary>
    public void Clear()
    {
        _start = _end = _dataLength = 0;
        _hasData = _afterCr = false;
    }

    /// <summary>The next whole event's data if it has arrived; <see cref="InvalidDataException"/> for a line or event over the limit.</summary>
    public bool TryTake(out ReadOnlyMemory<byte> data)
    {
        data = default;
        while (true)
        {
            if (_afterCr && _start < _end)
            {
                // CRLF: the LF after a CR ends no second line.
                _afterCr = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                }
            }

            var buffered = _buffer.AsSpan(_start, _end - _start);
            var length = buffered.IndexOfAny((byte)'\r', (byte)'\n');
            if (length < 0)
            {
                if (buffered.Length > maxEventBytes)
                {
                    throw new InvalidDataException($"sse: a line longer than {maxEventBytes} bytes.");
                }

                return false;
            }

            var line = buffered[..length];
            _afterCr = buffered[length] == (byte)'\r';
            _start += length + 1;
            if (line.IsEmpty)
            {
                if (_hasData)
                {
                    data = _data.AsMemory(0, _dataLength);
                    _hasData = false;
                    _dataLength = 0;
                    return true;
                }

                continue;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line[..colon];
            if (colon == 0 || !name.SequenceEqual(DataField))
            {
                continue;
            }

            var value = colon < 0 ? [] : line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            Append(value);
        }
    }

    /// <summary>Reads what has arrived (at least one byte); false when the stream ended.</summary>
    public async ValueTask<bool> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MakeRoom();
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        var needed = _dataLength + (_hasData ? 1 : 0) + value.Length;
        if (needed > maxEventBytes)
        {
            throw new InvalidDataException($"sse: an event larger than {maxEventBytes} bytes.");
        }

        if (_data.Length < needed)
        {
            Array.Resize(ref _data, Math.Max(needed, _data.Length * 2));
        }

        if (_hasData)
        {
            _data[_dataLength++] = (byte)'\n';
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += value.Length;
        _hasData = true;
    }

    /// <summary>Room after the buffered bytes: moved to the front, or (a line longer than half the buffer) a larger buffer.</summary>
    private void MakeRoom()
    {
        var buffered = _end - _start;
        if (_buffer.Length - _end >= InitialSize / 2)
        {
            return;
        }

        var target = buffered <= _buffer.Length / 2 ? _buffer : new byte[_buffer.Length * 2];
        _buffer.AsSpan(_start, buffered).CopyTo(target);
        _buffer = target;
        _start = 0;
        _end = buffered;
    }
}
