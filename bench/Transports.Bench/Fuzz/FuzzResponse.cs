using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Transports.Bench.Fuzz;

/// <summary>How an exchange ended from the client's side.</summary>
public enum FuzzOutcome
{
    /// <summary>The server refused: a 4xx or 5xx answer, a WebSocket close frame other than 1000, or it closed the connection.</summary>
    Refused,

    /// <summary>An answer that is no refusal (2xx, 101 and a stream), complete or still coming.</summary>
    Answered,

    /// <summary>Nothing came back in the time allowed: the server is waiting for more, as it may.</summary>
    Held,

    /// <summary>500: the server failed on the input instead of refusing it.</summary>
    ServerError,
}

/// <summary>
/// What the server sent back on one connection, read as far as it goes: the HTTP status, whether the answer is complete
/// (its body by Content-Length or chunked to the end), and after a 101 the WebSocket close frame's code. Pure parsing of
/// the bytes received, so its rules are tested without a server.
/// </summary>
public sealed record FuzzResponse(int? Status, bool Complete, int? CloseCode)
{
    public static FuzzResponse None { get; } = new(null, false, null);

    /// <summary>Parses <paramref name="received"/>; <paramref name="webSocket"/> reads frames after a 101.</summary>
    public static FuzzResponse Parse(ReadOnlySpan<byte> received, bool webSocket)
    {
        var end = received.IndexOf("\r\n\r\n"u8);
        if (!received.StartsWith("HTTP/"u8) || end < 0)
        {
            return None;
        }

        var head = Encoding.Latin1.GetString(received[..end]);
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return None;
        }

        var body = received[(end + 4)..];
        if (status == 101)
        {
            return new FuzzResponse(status, false, webSocket ? CloseCodeOf(body) : null);
        }

        string? Header(string name) => lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && string.Equals(p[0].Trim(), name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim())
            .FirstOrDefault();

        var complete = status is 204 or 304 || (status >= 100 && status < 200)
            || (Header("Content-Length") is { } length && long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && body.Length >= bytes)
            || (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true && ChunkedEnds(body));
        return new FuzzResponse(status, complete, null);
    }

    /// <summary>What the exchange amounts to, given whether the server closed the connection.</summary>
    public FuzzOutcome Outcome(bool serverClosed) => this switch
    {
        { Status: 500 } => FuzzOutcome.ServerError,
        { Status: >= 400 } => FuzzOutcome.Refused,
        { CloseCode: { } code } when code != 1000 => FuzzOutcome.Refused,
        _ when serverClosed => FuzzOutcome.Refused,
        { Status: not null } => FuzzOutcome.Answered,
        _ => FuzzOutcome.Held,
    };

    /// <summary>Whether waiting longer can change the outcome.</summary>
    public bool Settled => Status is >= 400 || CloseCode is not null || (Complete && Status is not 101);

    private static bool ChunkedEnds(ReadOnlySpan<byte> body) => body.StartsWith("0\r\n\r\n"u8) || body.IndexOf("\r\n0\r\n\r\n"u8) >= 0;

    /// <summary>The code of the first close frame among the server's frames (unmasked); null before one has come whole.</summary>
    private static int? CloseCodeOf(ReadOnlySpan<byte> frames)
    {
        while (frames.Length >= 2)
        {
            var opcode = frames[0] & 0x0F;
            long length = frames[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (frames.Length < 4)
                {
                    return null;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(frames[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (frames.Length < 10)
                {
                    return null;
                }

                length = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(frames[2..]), int.MaxValue);
                header = 10;
            }

            if (frames.Length < header + length)
            {
                return null;
            }

            if (opcode == 0x8)
            {
                // A close frame without a code is a plain close (1005, "no status").
                return length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frames[header..]) : 1005;
            }

            frames = frames[(header + (int)length)..];
        }

        return null;
    }
}
