using System.Buffers;
using System.Buffers.Text;

namespace Transports.Contract;

/// <summary>
/// One Server-Sent Event as the server frames it: <c>data: </c> + message + LF, <c>id: </c> + sequence + LF, then the
/// blank line that ends the event (WHATWG HTML §9.2). Byte for byte what <c>SseFormatter</c> writes for an item with
/// that data and event id (a test holds it to that), but into any buffer writer, so a server can put several events
/// under one flush. Event messages never contain a line break, so the data is always one line.
/// </summary>
public static class SseEventFrame
{
    private static ReadOnlySpan<byte> DataField => "data: "u8;

    private static ReadOnlySpan<byte> IdField => "id: "u8;

    private const byte LineFeed = (byte)'\n';

    /// <summary>The bytes one event takes: its fields, their line ends and the blank line.</summary>
    public static int EncodedLength(int messageLength, long id) =>
        DataField.Length + messageLength + 1 + IdField.Length + DecimalDigits.Count(id) + 1 + 1;

    /// <summary>Appends one event with <paramref name="id"/> (a non-negative sequence) to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> message, long id)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        var length = EncodedLength(message.Length, id);
        var span = writer.GetSpan(length);
        DataField.CopyTo(span);
        var at = DataField.Length;
        message.CopyTo(span[at..]);
        at += message.Length;
        span[at++] = LineFeed;
        IdField.CopyTo(span[at..]);
        at += IdField.Length;
        Utf8Formatter.TryFormat(id, span[at..], out var digits);
        at += digits;
        span[at++] = LineFeed;
        span[at++] = LineFeed;
        writer.Advance(at);
    }
}
