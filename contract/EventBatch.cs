using System.Buffers;

namespace Transports.Contract;

/// <summary>
/// The body of a polling or long-polling response: each event message followed by one '\n'
/// (messages never contain a line break). An empty body is an empty batch.
/// </summary>
public static class EventBatch
{
    public const byte Separator = (byte)'\n';
    public const string ContentType = "text/plain; charset=utf-8";

    /// <summary>The bytes one message takes in a batch: the message and its separator.</summary>
    public static int EncodedLength(int messageLength) => messageLength + 1;

    /// <summary>Appends one message and its separator to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(EncodedLength(message.Length));
        message.CopyTo(span);
        span[message.Length] = Separator;
        writer.Advance(EncodedLength(message.Length));
    }

    /// <summary>Calls <paramref name="onMessage"/> for every message in <paramref name="body"/>.</summary>
    public static int ForEach<TState>(ReadOnlySpan<byte> body, TState state, MessageAction<TState> onMessage)
    {
        var count = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf(Separator);
            var message = end < 0 ? body : body[..end];
            if (!message.IsEmpty)
            {
                onMessage(message, state);
                count++;
            }

            body = end < 0 ? [] : body[(end + 1)..];
        }

        return count;
    }

    public delegate void MessageAction<in TState>(ReadOnlySpan<byte> message, TState state);
}
