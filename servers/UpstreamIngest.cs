using System.Buffers;
using System.Diagnostics;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Takes upstream messages (the chat case) into the feed, so they are broadcast like any event, and
/// measures their one-way latency from the sender's timestamp (same host, monotonic clock).
/// </summary>
public sealed class UpstreamIngest(EventFeed feed)
{
    private readonly Lock _gate = new();
    private readonly LatencySamples _latency = new(1024);
    private long _received;

    /// <summary>False when the bytes are not an event message; nothing is published then.</summary>
    public bool TryAccept(ReadOnlySpan<byte> message) => Accept(message, message.Length);

    public bool TryAccept(ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            return Accept(message.FirstSpan, message.Length);
        }

        if (message.Length < EventMessage.MinSize)
        {
            return false;
        }

        // Only the header is read; of the rest, the length is all that matters.
        Span<byte> header = stackalloc byte[EventMessage.MinSize];
        message.Slice(0, EventMessage.MinSize).CopyTo(header);
        return Accept(header, message.Length);
    }

    private bool Accept(ReadOnlySpan<byte> header, long length)
    {
        var now = Stopwatch.GetTimestamp();
        if (length > EventMessage.MaxSize || !EventMessage.TryRead(header, out _, out var sent))
        {
            return false;
        }

        lock (_gate)
        {
            _received++;
            _latency.Record(now - sent);
        }

        feed.Publish((int)length);
        return true;
    }

    public long Received
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>Starts a new window with room for <paramref name="capacity"/> latency samples.</summary>
    public void Reset(int capacity)
    {
        lock (_gate)
        {
            _received = 0;
            _latency.Reset(capacity);
        }
    }

    public UpstreamStats Read()
    {
        lock (_gate)
        {
            return new UpstreamStats(_received, LatencySamples.Summarize([_latency]));
        }
    }
}
