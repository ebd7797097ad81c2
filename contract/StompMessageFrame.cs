using System.Buffers;
using System.Buffers.Text;

namespace Transports.Contract;

/// <summary>
/// The MESSAGE frame that carries one event, written without a header list: <c>subscription</c> (the client's
/// subscription id, already escaped), <c>message-id</c> (the event's sequence), <c>destination</c>
/// (<see cref="StompProtocol.Destination"/>), <c>content-length</c>, and <c>ack</c> (the sequence again) when the
/// subscription acknowledges; then a blank line, the event message and NUL. No content-type: the body is the same
/// bytes every transport carries, and a frame without one is read as bytes (STOMP 1.2, "Header content-type").
/// </summary>
public static class StompMessageFrame
{
    private static ReadOnlySpan<byte> Command => "MESSAGE\nsubscription:"u8;

    private static ReadOnlySpan<byte> MessageId => "\nmessage-id:"u8;

    private static ReadOnlySpan<byte> Destination => "\ndestination:/topic/events\ncontent-length:"u8;

    private static ReadOnlySpan<byte> Ack => "\nack:"u8;

    /// <summary>The bytes one frame takes.</summary>
    public static int EncodedLength(int subscriptionLength, long sequence, int messageLength, bool ack) =>
        Command.Length + subscriptionLength + MessageId.Length + DecimalDigits.Count(sequence) + Destination.Length + DecimalDigits.Count(messageLength)
        + (ack ? Ack.Length + DecimalDigits.Count(sequence) : 0) + 2 + messageLength + 1;

    /// <summary>Appends the frame of event <paramref name="sequence"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> escapedSubscription, long sequence, ReadOnlySpan<byte> message, bool ack)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var length = EncodedLength(escapedSubscription.Length, sequence, message.Length, ack);
        var span = output.GetSpan(length);
        var at = Append(span, 0, Command);
        at = Append(span, at, escapedSubscription);
        at = Append(span, at, MessageId);
        at = AppendNumber(span, at, sequence);
        at = Append(span, at, Destination);
        at = AppendNumber(span, at, message.Length);
        if (ack)
        {
            at = Append(span, at, Ack);
            at = AppendNumber(span, at, sequence);
        }

        span[at++] = (byte)'\n';
        span[at++] = (byte)'\n';
        at = Append(span, at, message);
        span[at++] = 0;
        output.Advance(at);
    }

    private static int Append(Span<byte> span, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        return at + bytes.Length;
    }

    private static int AppendNumber(Span<byte> span, int at, long value)
    {
        Utf8Formatter.TryFormat(value, span[at..], out var digits);
        return at + digits;
    }
}
