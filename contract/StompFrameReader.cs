using System.Buffers;
using System.Text;

namespace Transports.Contract;

/// <summary>
/// Reads STOMP frames from bytes as they arrive, however they are cut: a frame may span several WebSocket messages
/// and one message may hold several frames (STOMP leaves that to the transport). Line feeds between frames are
/// heart-beats (<see cref="HeartBeats"/>). A line may end with CRLF. With <c>content-length</c> the body is that many
/// bytes and NUL must follow; without it the body ends at the first NUL. Everything the specification calls an
/// error is <see cref="StompReadStatus.Malformed"/>: a command line that is not a command, a header line with no
/// colon or an empty name, an undefined escape (<c>\t</c>) or a lone CR, invalid UTF-8, a body on a frame that
/// may not have one, no NUL after the body. A head over <c>maxHeaderBytes</c> or a body over <c>maxBodyBytes</c>
/// is <see cref="StompReadStatus.TooBig"/>, said as soon as it is certain (a content-length over the limit at once).
/// </summary>
public sealed class StompFrameReader(int maxHeaderBytes, int maxBodyBytes) : IDisposable
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Header names that come in every frame, matched as bytes so reading them allocates nothing.</summary>
    private static readonly string[] KnownNames =
    [
        StompHeaders.Subscription, StompHeaders.MessageId, StompHeaders.Destination, StompHeaders.ContentLength,
        StompHeaders.AckMode, StompHeaders.Id, StompHeaders.Receipt, StompHeaders.ReceiptId, StompHeaders.ContentType,
        StompHeaders.Version, StompHeaders.HeartBeat, StompHeaders.AcceptVersion, StompHeaders.Host, StompHeaders.Message,
        StompProtocol.CursorHeader,
    ];

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _start;
    private int _end;

    // The head of the frame being read, once its blank line has arrived; offsets are from _start.
    private StompFrameHead? _head;
    private int _bodySearched;

    /// <summary>Line feeds seen between frames: heart-beats (and the optional EOLs after a frame's NUL).</summary>
    public long HeartBeats { get; private set; }

    /// <summary>Bytes received and not yet taken by a frame.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Room to receive at least <paramref name="sizeHint"/> more bytes into; call <see cref="Advance"/> with what
    /// arrived. Moves what is buffered, so the bodies of frames already read are no longer valid.
    /// </summary>
    public Memory<byte> GetMemory(int sizeHint = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeHint);
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < sizeHint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + sizeHint));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies <paramref name="bytes"/> in (tests, and callers that hold the bytes already).</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            bytes.CopyTo(GetMemory(bytes.Length).Span);
            Advance(bytes.Length);
        }
    }

    /// <summary>The next whole frame, or why there is none yet (more bytes needed) or none can come (malformed, too big).</summary>
    public StompRead Read()
    {
        if (_head is null)
        {
            while (_start < _end && (_buffer[_start] == LineFeed || _buffer[_start] == CarriageReturn))
            {
                if (_buffer[_start] == LineFeed)
                {
                    _start++;
                }
                else if (_start + 1 == _end)
                {
                    return StompRead.NeedMore;
                }
                else if (_buffer[_start + 1] == LineFeed)
                {
                    _start += 2;
                }
                else
                {
                    return StompRead.Malformed("a carriage return not followed by a line feed");
                }

                HeartBeats++;
            }

            if (_start == _end)
            {
                return StompRead.NeedMore;
            }

            var parsed = ReadHead(_buffer.AsSpan(_start, _end - _start), out _head);
            if (_head is null)
            {
                return parsed;
            }
        }

        return ReadBody(_head);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private StompRead ReadBody(StompFrameHead head)
    {
        var bodyStart = _start + head.BodyOffset;
        int bodyEnd;
        if (head.ContentLength is { } length)
        {
            if (_end - bodyStart <= length)
            {
                return StompRead.NeedMore;
            }

            bodyEnd = bodyStart + length;
            if (_buffer[bodyEnd] != 0)
            {
                return StompRead.Malformed("the body is not followed by NUL where content-length says it ends");
            }
        }
        else
        {
            var nul = _buffer.AsSpan(bodyStart + _bodySearched, _end - bodyStart - _bodySearched).IndexOf((byte)0);
            if (nul < 0)
            {
                _bodySearched = _end - bodyStart;
                return _bodySearched > maxBodyBytes ? TooBigBody() : StompRead.NeedMore;
            }

            bodyEnd = bodyStart + _bodySearched + nul;
            if (bodyEnd - bodyStart > maxBodyBytes)
            {
                return TooBigBody();
            }
        }

        if (bodyEnd > bodyStart && !StompCommands.MayHaveBody(head.Command))
        {
            return StompRead.Malformed($"a {head.Command} frame carries no body");
        }

        var frame = new StompFrame(head.Command, head.Headers, _buffer.AsMemory(bodyStart, bodyEnd - bodyStart));
        _start = bodyEnd + 1;
        _head = null;
        _bodySearched = 0;
        return new StompRead(StompReadStatus.Frame, frame, null);
    }

    /// <summary>Parses the command and headers once the blank line has arrived; <paramref name="head"/> stays null otherwise.</summary>
    private StompRead ReadHead(ReadOnlySpan<byte> bytes, out StompFrameHead? head)
    {
        head = null;
        string? command = null;
        List<KeyValuePair<string, string>> headers = [];
        int? contentLength = null;
        var escape = true;
        var at = 0;
        while (true)
        {
            var rest = bytes[at..];
            var lineLength = rest.IndexOf(LineFeed);
            var line = lineLength < 0 ? rest : rest[..lineLength];
            if (line.IndexOf((byte)0) >= 0)
            {
                return StompRead.Malformed("NUL before the blank line that ends the headers");
            }

            if (lineLength < 0)
            {
                return bytes.Length > maxHeaderBytes ? TooBigHead() : StompRead.NeedMore;
            }

            at += lineLength + 1;
            if (at > maxHeaderBytes)
            {
                return TooBigHead();
            }

            if (!line.IsEmpty && line[^1] == CarriageReturn)
            {
                line = line[..^1];
            }

            if (line.IndexOf(CarriageReturn) >= 0)
            {
                return StompRead.Malformed("a carriage return inside a line");
            }

            if (command is null)
            {
                if (line.IsEmpty || line.ContainsAnyExceptInRange((byte)'A', (byte)'Z'))
                {
                    return StompRead.Malformed("the first line is not a command");
                }

                command = Encoding.ASCII.GetString(line);
                escape = StompCommands.EscapesHeaders(command);
                continue;
            }

            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return StompRead.Malformed("a header line is not name:value");
            }

            if (!TryText(line[..colon], escape, known: true, out var name) || !TryText(line[(colon + 1)..], escape, known: false, out var value))
            {
                return StompRead.Malformed("a header is not UTF-8 or has an undefined escape sequence");
            }

            if (contentLength is null && name == StompHeaders.ContentLength)
            {
                if (value.Length is 0 or > 10 || value.AsSpan().ContainsAnyExceptInRange('0', '9') || !long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var length) || length > int.MaxValue)
                {
                    return StompRead.Malformed("content-length is not a byte count");
                }

                if (length > maxBodyBytes)
                {
                    return TooBigBody();
                }

                contentLength = (int)length;
            }

            headers.Add(KeyValuePair.Create(name, value));
        }

        head = new StompFrameHead(command, headers, at, contentLength);
        return StompRead.NeedMore;
    }

    private static bool TryText(ReadOnlySpan<byte> bytes, bool escape, bool known, out string text)
    {
        text = "";
        if (known)
        {
            foreach (var name in KnownNames)
            {
                if (bytes.Length == name.Length && Ascii.Equals(bytes, name))
                {
                    text = name;
                    return true;
                }
            }
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !escape || StompHeaders.TryUnescape(text, out text);
    }

    private StompRead TooBigHead() => StompRead.TooBig($"frame headers are at most {maxHeaderBytes} bytes");

    private StompRead TooBigBody() => StompRead.TooBig($"frame bodies are at most {maxBodyBytes} bytes");

    private sealed record StompFrameHead(string Command, IReadOnlyList<KeyValuePair<string, string>> Headers, int BodyOffset, int? ContentLength);
}

/// <summary>What one <see cref="StompFrameReader.Read"/> found: a frame, or why there is none.</summary>
public readonly record struct StompRead(StompReadStatus Status, StompFrame? Frame, string? Error)
{
    public static StompRead NeedMore { get; } = new(StompReadStatus.NeedMore, null, null);

    public static StompRead Malformed(string error) => new(StompReadStatus.Malformed, null, error);

    public static StompRead TooBig(string error) => new(StompReadStatus.TooBig, null, error);
}

public enum StompReadStatus
{
    NeedMore,
    Frame,
    Malformed,
    TooBig,
}
