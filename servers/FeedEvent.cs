namespace Transports.Servers;

/// <summary>
/// One published event: its sequence, publish timestamp and serialized message (the payload). A value: the feed keeps
/// them in its ring and copies them out without an allocation per event; the message may be a slice of a batch's array.
/// </summary>
public readonly record struct FeedEvent(long Sequence, long PublishTimestamp, ReadOnlyMemory<byte> Message);
