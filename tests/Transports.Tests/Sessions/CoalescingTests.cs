using System.Globalization;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;
using Transports.Tests.BadInput;

namespace Transports.Tests.Sessions;

/// <summary>
/// The streaming session hands its framing every event already waiting. With coalescing (the default) they go out
/// under one flush, each still in its own frame; without, each under a flush of its own (one HTTP chunk per SSE
/// event). Per-event bytes stay the same for WebSocket and tcp; SSE's chunk framing is per flush.
/// </summary>
public sealed class CoalescingTests
{
    private const int Waiting = 5;
    private const int Payload = 16;

    [Theory]
    [InlineData(false, Waiting)]
    [InlineData(true, 1)]
    public async Task Events_waiting_at_subscribe_share_one_chunk_only_when_coalescing(bool coalesce, int chunks)
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { CoalesceEvents = coalesce });
        var cursor = server.Server.Feed.LastSequence;
        var last = server.Server.Feed.Publish(Payload, Waiting).Sequence;

        // Resuming from before them: the session's first read finds all of them waiting.
        using var raw = await RawConnection.ConnectAsync(server.Server.HttpUri);
        await raw.SendAsync($"GET {TransportPaths.Sse}?{TransportPaths.CursorQuery}={cursor} HTTP/1.1\r\nHost: {server.Server.HttpUri.Authority}\r\n\r\n");
        var response = await raw.ReadUntilAsync($"id: {last}\n\n");

        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var sizes = ChunkSizes(body);
        Assert.Equal(chunks, sizes.Count);
        Assert.Equal(SseFrames(cursor + 1, last), sizes.Sum());
    }

    /// <summary>
    /// A burst published at once reaches a subscriber's session in one read: coalesced, one flush carries it; not
    /// coalesced, one flush per event. The bytes per event are the protocol's frame either way (SSE: plus one chunk's
    /// framing per flush).
    /// </summary>
    [Theory]
    [InlineData(TransportIds.WebSocket, true)]
    [InlineData(TransportIds.WebSocket, false)]
    [InlineData(TransportIds.Tcp, true)]
    [InlineData(TransportIds.Tcp, false)]
    [InlineData(TransportIds.Sse, true)]
    [InlineData(TransportIds.Sse, false)]
    public async Task A_burst_goes_out_under_one_flush_only_when_coalescing_and_each_event_keeps_its_frame(string transport, bool coalesce)
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { CoalesceEvents = coalesce });
        var counter = new WireCounter();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(transport, server.Connections(counter), sink, TestDefaults.ClientOptions);
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        var first = server.Server.Feed.LastSequence + 1;

        // The subscription is open and idle; the counters start here.
        var flushes = server.Server.Wire.Flushes;
        var received = counter.Snapshot().BytesIn;
        var last = server.Server.Feed.Publish(Payload, Waiting).Sequence;
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(coalesce ? 1 : Waiting, server.Server.Wire.Flushes - flushes);
        long expected = transport switch
        {
            TransportIds.WebSocket => Waiting * (Payload + 2),
            TransportIds.Tcp => Waiting * (Payload + LengthPrefixedFrame.HeaderSize),
            _ => coalesce ? Chunk(SseFrames(first, last)) : Enumerable.Range(0, Waiting).Sum(i => Chunk(SseFrames(first + i, first + i))),
        };
        Assert.Equal(expected, counter.Snapshot().BytesIn - received);
        Assert.Equal(Enumerable.Range(0, Waiting).Select(i => first + i), sink.Sequences);
    }

    [Fact]
    public async Task The_control_plane_switches_coalescing_for_the_next_batch()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        using var control = new Bench.Harness.ServerControlClient(server.Server.ControlUri);
        Assert.True((await control.CoalescingAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Enabled);

        var counter = new WireCounter();
        var sink = new RecordingSink();
        await using var client = TransportClients.Create(TransportIds.Tcp, server.Connections(counter), sink, TestDefaults.ClientOptions);
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.False((await control.CoalesceAsync(false, CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Enabled);
        var flushes = server.Server.Wire.Flushes;
        await sink.WaitForSequenceAsync(server.Server.Feed.Publish(Payload, Waiting).Sequence);
        Assert.Equal(Waiting, server.Server.Wire.Flushes - flushes);
    }

    /// <summary>SSE's bytes for the events <paramref name="first"/>..<paramref name="last"/>: "data: " payload LF "id: " sequence LF LF each.</summary>
    private static int SseFrames(long first, long last)
    {
        var bytes = 0;
        for (var sequence = first; sequence <= last; sequence++)
        {
            bytes += SseEventFrame.EncodedLength(Payload, sequence);
        }

        return bytes;
    }

    /// <summary>One HTTP/1.1 chunk of <paramref name="size"/> bytes: hex size, CRLF, the bytes, CRLF.</summary>
    private static int Chunk(int size) => size.ToString("x", CultureInfo.InvariantCulture).Length + 2 + size + 2;

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
