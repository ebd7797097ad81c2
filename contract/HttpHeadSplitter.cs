using System.Globalization;
using System.Text;

namespace Transports.Contract;

/// <summary>
/// Finds the HTTP/1.1 heads in the bytes of one client connection as they cross its socket: request heads in what the
/// client sends, response heads in what it receives, each added to a <see cref="WireCounter"/> when its empty line has
/// passed. A head is the start line and the header lines up to and including the empty line that ends them (RFC 9112
/// §2.1): everything before the body. Bodies are skipped by their own framing: Content-Length, chunked (chunk-size
/// lines and trailers frame the body; they are not head), or to the close for a response with neither; a 1xx, 204 or
/// 304 answer has none. After an Upgrade request, and after a 101 answer, the connection is no longer HTTP/1.1 and
/// nothing more is a head.
/// <para>
/// Where the split loses track (a start line that is not HTTP/1.x, a head over <see cref="MaxHeadBytes"/>, a bad
/// Content-Length or chunk size), that direction stops splitting and the counter records the loss, so a figure built on
/// it can be left out rather than be wrong. Not handled, since the suite's clients never do them: HEAD requests (whose
/// answer has no body whatever its Content-Length says), pipelined requests, bare-LF line ends.
/// </para>
/// </summary>
public sealed class HttpHeadSplitter(WireCounter counter)
{
    /// <summary>A head larger than this is not one the suite's clients or servers write: the split gives up.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private readonly Direction _requests = new(counter, isResponse: false);
    private readonly Direction _responses = new(counter, isResponse: true);

    /// <summary>Bytes the client wrote to the socket, in order.</summary>
    public void Sent(ReadOnlySpan<byte> bytes) => _requests.Feed(bytes, this);

    /// <summary>Bytes the client read from the socket, in order.</summary>
    public void Received(ReadOnlySpan<byte> bytes) => _responses.Feed(bytes, this);

    private void Upgraded()
    {
        _requests.StopSplitting();
        _responses.StopSplitting();
    }

    private enum State
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        NotHttp,
        Lost,
    }

    /// <summary>One direction of the connection: a stream of messages, each a head and its body.</summary>
    private sealed class Direction(WireCounter counter, bool isResponse)
    {
        private readonly List<byte> _head = [];
        private State _state = State.Head;
        private long _remaining;
        private long _chunkSize;
        private int _chunkSizeDigits;
        private bool _chunkSizeDigitsDone;
        private int _lineLength;

        public void StopSplitting()
        {
            if (_state != State.Lost)
            {
                _state = State.NotHttp;
            }
        }

        public void Feed(ReadOnlySpan<byte> bytes, HttpHeadSplitter owner)
        {
            while (!bytes.IsEmpty)
            {
                switch (_state)
                {
                    case State.Head:
                        bytes = ReadHead(bytes, owner);
                        break;
                    case State.Body:
                    case State.ChunkData:
                        var skipped = (int)Math.Min(_remaining, bytes.Length);
                        _remaining -= skipped;
                        bytes = bytes[skipped..];
                        if (_remaining == 0)
                        {
                            _state = _state == State.Body ? State.Head : State.ChunkDataEnd;
                            _remaining = _state == State.ChunkDataEnd ? 2 : 0;
                        }

                        break;
                    case State.ChunkDataEnd:
                        var crlf = (int)Math.Min(_remaining, bytes.Length);
                        _remaining -= crlf;
                        bytes = bytes[crlf..];
                        if (_remaining == 0)
                        {
                            StartChunkSize();
                        }

                        break;
                    case State.ChunkSize:
                        bytes = ReadChunkSize(bytes);
                        break;
                    case State.Trailers:
                        bytes = ReadTrailers(bytes);
                        break;
                    default:
                        // Upgraded, to the close, or lost: nothing more is a head.
                        return;
                }
            }
        }

        private ReadOnlySpan<byte> ReadHead(ReadOnlySpan<byte> bytes, HttpHeadSplitter owner)
        {
            var before = _head.Count;
            _head.AddRange(bytes[..Math.Min(bytes.Length, MaxHeadBytes + 4 - before)]);
            var end = IndexOfEmptyLine(Math.Max(0, before - 3));
            if (end < 0)
            {
                if (_head.Count > MaxHeadBytes)
                {
                    Lose();
                }

                return [];
            }

            var length = end + 4;
            var consumed = length - before;
            var text = Encoding.Latin1.GetString([.. _head.Take(length)]);
            _head.Clear();
            if (length > MaxHeadBytes || !Complete(text, owner))
            {
                Lose();
                return [];
            }

            return bytes[consumed..];
        }

        private int IndexOfEmptyLine(int from)
        {
            for (var i = from; i + 3 < _head.Count; i++)
            {
                if (_head[i] == '\r' && _head[i + 1] == '\n' && _head[i + 2] == '\r' && _head[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Counts a whole head and sets up its body; false when it is not an HTTP/1.x head.</summary>
        private bool Complete(string head, HttpHeadSplitter owner)
        {
            var lines = head[..^4].Split("\r\n");
            int? status = null;
            if (isResponse)
            {
                // status-line = HTTP-version SP status-code SP [ reason-phrase ]
                if (!lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || lines[0].Length < 12
                    || !int.TryParse(lines[0].AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                {
                    return false;
                }

                status = code;
            }
            else if (!lines[0].EndsWith(" HTTP/1.1", StringComparison.Ordinal) && !lines[0].EndsWith(" HTTP/1.0", StringComparison.Ordinal))
            {
                return false;
            }

            long? contentLength = null;
            var chunked = false;
            var upgrade = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    return false;
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        return false;
                    }

                    contentLength = n;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked |= value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    upgrade = true;
                }
            }

            // Every line, the empty one too, ends with CRLF.
            counter.AddHead(head.Length, lines.Length + 1);
            if (status == 101 || (!isResponse && upgrade))
            {
                if (status == 101)
                {
                    owner.Upgraded();
                }
                else
                {
                    StopSplitting();
                }

                return true;
            }

            if (status is >= 100 and < 200 or 204 or 304)
            {
                _state = State.Head;
            }
            else if (chunked)
            {
                StartChunkSize();
            }
            else if (contentLength is > 0)
            {
                _state = State.Body;
                _remaining = contentLength.Value;
            }
            else
            {
                // A request without either has no body; a response without either runs to the close.
                _state = isResponse && contentLength is null ? State.UntilClose : State.Head;
            }

            return true;
        }

        private void StartChunkSize()
        {
            _state = State.ChunkSize;
            _chunkSize = 0;
            _chunkSizeDigits = 0;
            _chunkSizeDigitsDone = false;
            _lineLength = 0;
        }

        /// <summary>chunk-size [ chunk-ext ] CRLF: the hex digits until the first other character, then to the line end.</summary>
        private ReadOnlySpan<byte> ReadChunkSize(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b == '\n')
                {
                    if (_chunkSizeDigits == 0)
                    {
                        Lose();
                        return [];
                    }

                    if (_chunkSize == 0)
                    {
                        _state = State.Trailers;
                        _lineLength = 0;
                    }
                    else
                    {
                        _state = State.ChunkData;
                        _remaining = _chunkSize;
                    }

                    return bytes[(i + 1)..];
                }

                if (_chunkSizeDigitsDone)
                {
                    continue;
                }

                var digit = HexDigit(b);
                if (digit < 0)
                {
                    _chunkSizeDigitsDone = true;
                }
                else if (_chunkSize > (long.MaxValue >> 4))
                {
                    Lose();
                    return [];
                }
                else
                {
                    _chunkSize = (_chunkSize << 4) | (uint)digit;
                    _chunkSizeDigits++;
                }
            }

            return [];
        }

        /// <summary>Trailer lines after the last chunk, up to an empty line (CRLF alone).</summary>
        private ReadOnlySpan<byte> ReadTrailers(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                _lineLength++;
                if (bytes[i] != '\n')
                {
                    continue;
                }

                if (_lineLength <= 2)
                {
                    _state = State.Head;
                    return bytes[(i + 1)..];
                }

                _lineLength = 0;
            }

            return [];
        }

        private void Lose()
        {
            _state = State.Lost;
            _head.Clear();
            counter.AddHeadLoss();
        }

        private static int HexDigit(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
    }
}
