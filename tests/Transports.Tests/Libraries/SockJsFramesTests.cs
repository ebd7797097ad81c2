using System.Buffers;
using System.Text;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Tests.Libraries;

/// <summary>SockJS frames as sockjs-protocol writes them: a["…"] around messages, ["…"] upstream, escapes read back.</summary>
public sealed class SockJsFramesTests
{
    [Fact]
    public void An_event_frame_is_the_message_inside_a_quoted_array()
    {
        var message = EventMessage.Create(7, 42, 16);
        var output = new ArrayBufferWriter<byte>();

        SockJsFrames.WriteMessage(output, message);

        Assert.Equal($"a[\"{Encoding.ASCII.GetString(message)}\"]", Encoding.ASCII.GetString(output.WrittenSpan));
        Assert.Equal(16 + SockJsFrames.EventOverhead, output.WrittenCount);
        Assert.Equal(5, SockJsFrames.EventOverhead);
    }

    [Fact]
    public void Upstream_is_a_json_array_of_one_string()
    {
        var output = new ArrayBufferWriter<byte>();

        SockJsFrames.WriteSend(output, "abc"u8);

        Assert.Equal("[\"abc\"]", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Several_messages_in_one_frame_are_read_in_order_escapes_undone()
    {
        var read = new List<string>();
        var scratch = new byte[64];

        var count = SockJsFrames.ReadMessages("[\"one\",\"{\\\"cursor\\\":12}\",\"thr\\u0065e\"]"u8, scratch, m => read.Add(Encoding.UTF8.GetString(m)));

        Assert.Equal(3, count);
        Assert.Equal(["one", "{\"cursor\":12}", "three"], read);
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,2]")]
    [InlineData("[\"cut")]
    public void Anything_but_an_array_of_strings_is_refused(string frame)
    {
        Assert.ThrowsAny<JsonException>(() => SockJsFrames.ReadMessages(Encoding.UTF8.GetBytes(frame), new byte[64], _ => { }));
    }
}
