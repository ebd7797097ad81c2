using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using Transports.Contract;

namespace Transports.Tests.Contract;

/// <summary>The SSE server's own framing, held byte for byte to the platform's <see cref="SseFormatter"/>.</summary>
public sealed class SseEventFrameTests
{
    [Theory]
    [InlineData(16, 0)]
    [InlineData(16, 9)]
    [InlineData(100, 10)]
    [InlineData(5000, 123_456_789)]
    [InlineData(70_000, long.MaxValue)]
    public async Task Frame_is_what_SseFormatter_writes_for_the_same_data_and_id(int payload, long id)
    {
        var message = EventMessage.Create(id, 42, payload);
        var ours = new ArrayBufferWriter<byte>();
        SseEventFrame.Write(ours, message, id);

        using var theirs = new MemoryStream();
        await SseFormatter.WriteAsync(
            One(new SseItem<byte[]>(message) { EventId = id.ToString(CultureInfo.InvariantCulture) }),
            theirs,
            static (item, writer) => writer.Write(item.Data),
            CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(theirs.ToArray(), ours.WrittenSpan.ToArray());
        Assert.Equal(ours.WrittenCount, SseEventFrame.EncodedLength(payload, id));
    }

    [Fact]
    public void Several_frames_share_one_buffer_in_order()
    {
        var writer = new ArrayBufferWriter<byte>();
        SseEventFrame.Write(writer, "abc"u8, 1);
        SseEventFrame.Write(writer, "de"u8, 22);

        Assert.Equal("data: abc\nid: 1\n\ndata: de\nid: 22\n\n"u8.ToArray(), writer.WrittenSpan.ToArray());
    }

    private static async IAsyncEnumerable<T> One<T>(T item)
    {
        await Task.Yield();
        yield return item;
    }
}
