using System.Buffers.Binary;
using System.Buffers.Text;

namespace Transports.Contract;

/// <summary>
/// The event's serialized message: the same byte string on every transport, so its length is the
/// payload and everything else on the wire is overhead.
/// Layout (ASCII, safe in SSE lines, WebSocket text frames and newline-delimited batches):
/// 16 characters of base64url holding the sequence (uint32, big-endian) and the publish timestamp
/// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>, int64, big-endian), then padding up to
/// the requested size. Upstream messages use the same layout with the sender's own sequence.
/// The header keeps the sequence's low 32 bits: it wraps after 4.29 billion events, far beyond any window
/// (a million events a second for over an hour), and it keeps the smallest message at 16 bytes.
/// </summary>
public static class EventMessage
{
    /// <summary>The smallest message: the header alone.</summary>
    public const int MinSize = 16;

    /// <summary>The largest message any transport accepts from this suite (16 MiB).</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    private const int RawHeaderSize = 12;
    private const byte Padding = (byte)'x';

    /// <summary>Writes a message of exactly <c>destination.Length</c> bytes.</summary>
    public static void Write(Span<byte> destination, long sequence, long timestamp)
    {
        if (destination.Length < MinSize)
        {
            throw new ArgumentException($"An event message needs at least {MinSize} bytes.", nameof(destination));
        }

        Span<byte> raw = stackalloc byte[RawHeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(raw, unchecked((uint)sequence));
        BinaryPrimitives.WriteInt64BigEndian(raw[4..], timestamp);
        Base64Url.EncodeToUtf8(raw, destination[..MinSize]);
        destination[MinSize..].Fill(Padding);
    }

    /// <summary>A new message of <paramref name="size"/> bytes.</summary>
    public static byte[] Create(long sequence, long timestamp, int size)
    {
        ValidateSize(size);
        var message = new byte[size];
        Write(message, sequence, timestamp);
        return message;
    }

    /// <summary>Reads the header; false when the bytes are not an event message.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out long sequence, out long timestamp)
    {
        sequence = 0;
        timestamp = 0;
        if (message.Length < MinSize)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[RawHeaderSize];
        var status = Base64Url.DecodeFromUtf8(message[..MinSize], raw, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != RawHeaderSize)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt32BigEndian(raw);
        timestamp = BinaryPrimitives.ReadInt64BigEndian(raw[4..]);
        return true;
    }

    /// <summary>Throws when <paramref name="size"/> cannot hold a message.</summary>
    public static void ValidateSize(int size)
    {
        if (size is < MinSize or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"An event message is {MinSize} to {MaxSize} bytes.");
        }
    }
}
