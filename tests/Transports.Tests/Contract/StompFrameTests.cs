using System.Buffers;
using System.Text;
using Transports.Contract;

namespace Transports.Tests.Contract;

/// <summary>
/// The STOMP 1.2 codec against the specification's rules: frames byte for byte, escaping (and none in CONNECT and
/// CONNECTED), frames cut anywhere or several in one piece, heart-beats, and every malformed input refused.
/// </summary>
public sealed class StompFrameTests
{
    private const int MaxHeader = 1024;
    private const int MaxBody = 4096;

    [Fact]
    public void A_frame_is_command_headers_blank_line_body_and_NUL()
    {
        var frame = new StompFrame(StompCommands.Send, [KeyValuePair.Create("destination", "/topic/events"), KeyValuePair.Create("content-length", "5")], "hello"u8.ToArray());

        Assert.Equal("SEND\ndestination:/topic/events\ncontent-length:5\n\nhello\0", Ascii(frame.ToBytes()));
    }

    [Fact]
    public void Header_names_and_values_are_escaped_and_read_back()
    {
        var frame = new StompFrame(StompCommands.Message, ("a:b\\c", "line\nbreak\rcolon:backslash\\"));

        var bytes = frame.ToBytes();

        Assert.Equal("MESSAGE\na\\cb\\\\c:line\\nbreak\\rcolon\\cbackslash\\\\\n\n\0", Ascii(bytes));
        var read = ReadOne(bytes);
        Assert.Equal(("a:b\\c", "line\nbreak\rcolon:backslash\\"), (read.Headers[0].Key, read.Headers[0].Value));
    }

    [Fact]
    public void CONNECT_and_CONNECTED_are_not_escaped()
    {
        var read = ReadOne("CONNECTED\nversion:1.2\nserver:a\\b:c\n\n\0"u8.ToArray());

        Assert.Equal("a\\b:c", read.Header("server"));
        Assert.Equal("CONNECT\nhost:h\\x\n\n\0", Ascii(new StompFrame(StompCommands.Connect, ("host", "h\\x")).ToBytes()));
        Assert.Throws<ArgumentException>(() => new StompFrame(StompCommands.Connect, ("host", "a\nb")).ToBytes());
    }

    [Theory]
    [InlineData("\\t")]
    [InlineData("\\x")]
    [InlineData("trailing\\")]
    public void An_undefined_escape_is_a_fatal_error(string value)
    {
        Assert.False(StompHeaders.TryUnescape(value, out _));
        AssertRefused(StompReadStatus.Malformed, $"MESSAGE\nname:{value}\n\n\0");
    }

    [Fact]
    public void The_first_of_repeated_headers_counts()
    {
        var read = ReadOne("MESSAGE\nfoo:first\nfoo:second\n\n\0"u8.ToArray());

        Assert.Equal("first", read.Header("foo"));
        Assert.Equal(2, read.Headers.Count);
    }

    [Fact]
    public void Lines_may_end_with_CRLF_and_values_are_never_trimmed()
    {
        var read = ReadOne("SEND\r\ndestination: /x \r\n\r\nbody\0"u8.ToArray());

        Assert.Equal(" /x ", read.Header("destination"));
        Assert.Equal("body", Ascii(read.Body.ToArray()));
    }

    [Fact]
    public void Content_length_allows_NUL_inside_the_body()
    {
        var read = ReadOne("SEND\ncontent-length:3\n\na\0b\0"u8.ToArray());

        Assert.Equal(new byte[] { (byte)'a', 0, (byte)'b' }, read.Body.ToArray());
    }

    [Fact]
    public void A_frame_cut_at_every_byte_reads_the_same()
    {
        var bytes = "MESSAGE\nsubscription:0\nmessage-id:7\ncontent-length:4\n\nabcd\0"u8.ToArray();
        using var reader = new StompFrameReader(MaxHeader, MaxBody);

        StompFrame? frame = null;
        foreach (var b in bytes)
        {
            Assert.Null(frame);
            reader.Append([b]);
            var read = reader.Read();
            Assert.NotEqual(StompReadStatus.Malformed, read.Status);
            frame = read.Frame;
        }

        Assert.NotNull(frame);
        Assert.Equal("7", frame.Header("message-id"));
        Assert.Equal("abcd", Ascii(frame.Body.ToArray()));
    }

    [Fact]
    public void Several_frames_in_one_piece_and_heart_beats_between_them()
    {
        using var reader = new StompFrameReader(MaxHeader, MaxBody);
        reader.Append("\nRECEIPT\nreceipt-id:1\n\n\0\n\r\nRECEIPT\nreceipt-id:2\n\n\0\nERR"u8);

        Assert.Equal("1", reader.Read().Frame!.Header("receipt-id"));
        Assert.Equal("2", reader.Read().Frame!.Header("receipt-id"));
        Assert.Equal(StompReadStatus.NeedMore, reader.Read().Status);
        // One before the first frame, two after it (LF, CRLF), one after the second.
        Assert.Equal(4, reader.HeartBeats);

        reader.Append("OR\nmessage:x\n\n\0"u8);
        Assert.Equal(StompCommands.Error, reader.Read().Frame!.Command);
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void The_message_frame_writer_writes_what_the_general_writer_writes()
    {
        var message = EventMessage.Create(1234, 42, 100);
        foreach (var ack in new[] { false, true })
        {
            var output = new ArrayBufferWriter<byte>();
            StompMessageFrame.Write(output, "sub\\c1"u8, 1234, message, ack);

            List<KeyValuePair<string, string>> headers =
            [
                KeyValuePair.Create("subscription", "sub:1"),
                KeyValuePair.Create("message-id", "1234"),
                KeyValuePair.Create("destination", "/topic/events"),
                KeyValuePair.Create("content-length", "100"),
            ];
            if (ack)
            {
                headers.Add(KeyValuePair.Create("ack", "1234"));
            }

            Assert.Equal(new StompFrame(StompCommands.Message, headers, message).ToBytes(), output.WrittenSpan.ToArray());
            Assert.Equal(output.WrittenCount, StompMessageFrame.EncodedLength("sub\\c1".Length, 1234, 100, ack));
        }
    }

    [Theory]
    [InlineData("send\n\n\0", "not a command")]
    [InlineData("SEND FRAME\n\n\0", "not a command")]
    [InlineData("\0", "NUL before")]
    [InlineData("SEND\ndestination\n\n\0", "name:value")]
    [InlineData("SEND\n:value\n\n\0", "name:value")]
    [InlineData("SEND\nbad\rname:x\n\n\0", "carriage return")]
    [InlineData("\rSEND\n\n\0", "carriage return")]
    [InlineData("SEND\ncontent-length:abc\n\n\0", "content-length")]
    [InlineData("SEND\ncontent-length:-1\n\n\0", "content-length")]
    [InlineData("SEND\ncontent-length:2\n\nabc\0", "not followed by NUL")]
    [InlineData("SUBSCRIBE\nid:0\n\nbody\0", "carries no body")]
    [InlineData("SEND\nna\0me:x\n\n\0", "NUL before")]
    public void Malformed_frames_are_refused_with_the_reason(string text, string reason)
    {
        var error = AssertRefused(StompReadStatus.Malformed, text);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_in_a_header_is_malformed()
    {
        using var reader = new StompFrameReader(MaxHeader, MaxBody);
        reader.Append([.. "SEND\nname:"u8, 0xC3, 0x28, .. "\n\n\0"u8]);

        Assert.Equal(StompReadStatus.Malformed, reader.Read().Status);
    }

    [Fact]
    public void Oversized_heads_and_bodies_are_refused_as_soon_as_certain()
    {
        // A content-length over the limit: at once, before any body byte.
        Assert.Contains("bodies", AssertRefused(StompReadStatus.TooBig, $"SEND\ncontent-length:{MaxBody + 1}\n\n"), StringComparison.Ordinal);

        // No content-length: once the body passes the limit without a NUL.
        Assert.Contains("bodies", AssertRefused(StompReadStatus.TooBig, "SEND\n\n" + new string('x', MaxBody + 1)), StringComparison.Ordinal);

        // A head with no blank line yet, past the limit.
        Assert.Contains("headers", AssertRefused(StompReadStatus.TooBig, "SEND\nh:" + new string('x', MaxHeader)), StringComparison.Ordinal);

        // At the limits exactly: read.
        var body = new string('x', MaxBody);
        Assert.Equal(MaxBody, ReadOne(Encoding.ASCII.GetBytes($"SEND\ncontent-length:{MaxBody}\n\n{body}\0")).Body.Length);
        Assert.Equal(MaxBody, ReadOne(Encoding.ASCII.GetBytes($"SEND\n\n{body}\0")).Body.Length);
    }

    [Theory]
    [InlineData(null, 0, 0)]
    [InlineData("0,0", 0, 0)]
    [InlineData("10000,5000", 10000, 5000)]
    public void Heart_beat_headers_parse(string? header, long send, long want)
    {
        Assert.True(StompHeartbeat.TryParse(header, out var heartbeat));
        Assert.Equal(new StompHeartbeat(send, want), heartbeat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-1,0")]
    [InlineData("1, 2")]
    [InlineData("a,b")]
    public void Malformed_heart_beat_headers_are_refused(string header) => Assert.False(StompHeartbeat.TryParse(header, out _));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(10000, 0, 0)]
    [InlineData(0, 10000, 0)]
    [InlineData(10000, 5000, 10000)]
    [InlineData(5000, 10000, 10000)]
    public void A_direction_beats_at_the_larger_figure_and_only_when_both_ask(long canSend, long peerWants, long expectedMs)
    {
        var interval = new StompHeartbeat(canSend, 0).SendInterval(new StompHeartbeat(0, peerWants));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), interval);
    }

    private static StompFrame ReadOne(byte[] bytes)
    {
        using var reader = new StompFrameReader(MaxHeader, MaxBody);
        reader.Append(bytes);
        var read = reader.Read();
        Assert.True(read.Status == StompReadStatus.Frame, $"{read.Status}: {read.Error}");
        Assert.Equal(0, reader.Buffered);

        // Copy out: the body lives in the reader's buffer.
        return read.Frame!.WithBody(read.Frame.Body.ToArray());
    }

    private static string AssertRefused(StompReadStatus expected, string text)
    {
        using var reader = new StompFrameReader(MaxHeader, MaxBody);
        reader.Append(Encoding.UTF8.GetBytes(text));
        var read = reader.Read();
        Assert.Equal(expected, read.Status);
        Assert.Null(read.Frame);
        return read.Error!;
    }

    private static string Ascii(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
