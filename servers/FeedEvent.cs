namespace Transports.Servers;

/// <summary>One published event: its sequence, publish timestamp and serialized message (the payload).</summary>
public sealed class FeedEvent(long sequence, long publishTimestamp, byte[] message)
{
    public long Sequence { get; } = sequence;

    public long PublishTimestamp { get; } = publishTimestamp;

    public ReadOnlyMemory<byte> Message { get; } = message;
}
