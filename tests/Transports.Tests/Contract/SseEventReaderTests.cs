using System.Text;
using Transports.Clients;

namespace Transports.Tests.Contract;

/// <summary>The client's event-stream reader against the WHATWG rules it keeps, fed in pieces as a socket would.</summary>
public sealed class SseEventReaderTests
{
    [Theory]
    [InlineData("data: a\n\ndata: b\n\n", 1)]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n", 1)]
    [InlineData("data: a\r\rdata: b\r\r", 1)]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n", 3)]
    [InlineData(": comment\nid: 7\nevent: message\nretry: 10\ndata:a\n\ndata: b\nid: 8\n\n", 2)]
    public async Task Events_come_out_whole_whatever_the_line_ends_and_however_the_bytes_arrive(string stream, int piece)
    {
        Assert.Equal(["a", "b"], await ReadAllAsync(stream, piece));
    }

    [Fact]
    public async Task Data_lines_join_with_LF_and_an_event_without_data_is_none()
    {
        Assert.Equal(["one\ntwo", "", "x"], await ReadAllAsync("data: one\ndata: two\n\nid: 3\n\ndata\n\n\n\ndata: x\n\n", 5));
    }

    [Fact]
    public async Task An_unfinished_event_at_the_end_is_not_delivered()
    {
        Assert.Equal(["a"], await ReadAllAsync("data: a\n\ndata: b\n", 4));
    }

    [Fact]
    public async Task A_line_over_the_limit_is_refused()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync("data: " + new string('x', 100) + "\n\n", 7, maxEventBytes: 64));
    }

    private static async Task<List<string>> ReadAllAsync(string text, int piece, int maxEventBytes = 1024)
    {
        var reader = new SseEventReader(maxEventBytes);
        var events = new List<string>();
        using var stream = new PieceStream(Encoding.UTF8.GetBytes(text), piece);
        do
        {
            while (reader.TryTake(out var data))
            {
                events.Add(Encoding.UTF8.GetString(data.Span));
            }
        }
        while (await reader.ReadAsync(stream, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout));

        return events;
    }

    /// <summary>A stream that returns at most <paramref name="piece"/> bytes per read.</summary>
    private sealed class PieceStream(byte[] bytes, int piece) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
    }
}
