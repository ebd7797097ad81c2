using System.Globalization;

namespace Transports.Servers;

/// <summary>One published event: its sequence, publish timestamp and serialized message (the payload).</summary>
public sealed class FeedEvent(long sequence, long publishTimestamp, byte[] message)
{
    public long Sequence { get; } = sequence;

    public long PublishTimestamp { get; } = publishTimestamp;

    public ReadOnlyMemory<byte> Message { get; } = message;

    /// <summary>The SSE id, made once per event rather than once per subscriber.</summary>
    public string Id { get; } = sequence.ToString(CultureInfo.InvariantCulture);
}
