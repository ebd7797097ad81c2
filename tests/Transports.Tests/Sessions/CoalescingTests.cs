using System.Globalization;
using Transports.Contract;
using Transports.Servers;
using Transports.Tests.BadInput;

namespace Transports.Tests.Sessions;

/// <summary>
/// The streaming session hands its framing every event already waiting. By default each goes under a flush of its own
/// (one HTTP chunk per SSE event, as before); with <see cref="TransportServerOptions.CoalesceEvents"/> they share one.
/// </summary>
public sealed class CoalescingTests
{
    private const int Waiting = 5;

    [Theory]
    [InlineData(false, Waiting)]
    [InlineData(true, 1)]
    public async Task Events_waiting_at_subscribe_share_one_chunk_only_when_coalescing(bool coalesce, int chunks)
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { CoalesceEvents = coalesce });
        var cursor = server.Server.Feed.LastSequence;
        long last = 0;
        for (var i = 0; i < Waiting; i++)
        {
            last = server.Server.Feed.Publish(16).Sequence;
        }

        // Resuming from before them: the session's first read finds all of them waiting.
        using var raw = await RawConnection.ConnectAsync(server.Server.HttpUri);
        await raw.SendAsync($"GET {TransportPaths.Sse}?{TransportPaths.CursorQuery}={cursor} HTTP/1.1\r\nHost: {server.Server.HttpUri.Authority}\r\n\r\n");
        var response = await raw.ReadUntilAsync($"id: {last}\n\n");

        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var sizes = ChunkSizes(body);
        Assert.Equal(chunks, sizes.Count);
        var expected = 0;
        for (var sequence = cursor + 1; sequence <= last; sequence++)
        {
            expected += SseEventFrame.EncodedLength(16, sequence);
        }

        Assert.Equal(expected, sizes.Sum());
    }

    /// <summary>The sizes of the HTTP/1.1 chunks in <paramref name="body"/> (the last one's closing CRLF may not have arrived).</summary>
    private static List<int> ChunkSizes(string body)
    {
        var sizes = new List<int>();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(body[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            sizes.Add(size);
            at = lineEnd + 2 + size + 2;
        }

        return sizes;
    }
}
