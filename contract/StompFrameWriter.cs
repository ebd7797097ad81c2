using System.Buffers;
using System.Text;

namespace Transports.Contract;

/// <summary>
/// Writes STOMP frames: the command and a line feed, each header as <c>name:value</c> and a line feed (escaped except
/// in CONNECT, STOMP and CONNECTED), a blank line, the body, then NUL. Headers go out exactly as given: a frame with
/// a body names its content-length itself. Event frames on the hot path use <see cref="StompMessageFrame"/>.
/// </summary>
public static class StompFrameWriter
{
    private const byte LineFeed = (byte)'\n';

    /// <summary>Appends <paramref name="frame"/>; returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> output, StompFrame frame)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(frame);
        var command = frame.Command;
        if (command.Length == 0 || !command.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"'{command}' is not a STOMP command", nameof(frame));
        }

        var escape = StompCommands.EscapesHeaders(command);
        var written = WriteText(output, command);
        written += WriteByte(output, LineFeed);
        foreach (var (name, value) in frame.Headers)
        {
            if (!escape && (name.AsSpan().IndexOfAny(":\r\n") >= 0 || value.AsSpan().IndexOfAny("\r\n") >= 0))
            {
                throw new ArgumentException($"{command} cannot carry a line break, nor a colon in a header name: its headers are not escaped", nameof(frame));
            }

            written += WriteText(output, escape ? StompHeaders.Escape(name) : name);
            written += WriteByte(output, (byte)':');
            written += WriteText(output, escape ? StompHeaders.Escape(value) : value);
            written += WriteByte(output, LineFeed);
        }

        written += WriteByte(output, LineFeed);
        output.Write(frame.Body.Span);
        written += frame.Body.Length;
        return written + WriteByte(output, 0);
    }

    /// <summary>The frame's bytes.</summary>
    public static byte[] Format(StompFrame frame)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(output, frame);
        return output.WrittenSpan.ToArray();
    }

    private static int WriteText(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = output.GetSpan(length);
        Encoding.UTF8.GetBytes(text, span);
        output.Advance(length);
        return length;
    }

    private static int WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
        return 1;
    }
}
