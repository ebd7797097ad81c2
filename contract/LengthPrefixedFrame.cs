using System.Buffers;
using System.Buffers.Binary;

namespace Transports.Contract;

/// <summary>
/// Raw TCP framing: a 4-byte big-endian length, then that many bytes. The floor: nothing else crosses
/// the wire. The first client frame subscribes (its payload is the cursor in ASCII digits, or empty for
/// "from now"); the server's first frame acknowledges with the cursor it starts after. Every later
/// frame is one event message (server to client) or one upstream message (client to server).
/// </summary>
public static class LengthPrefixedFrame
{
    public const int HeaderSize = 4;

    public static void WriteHeader(Span<byte> destination, int payloadLength) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, checked((uint)payloadLength));

    public static int ReadHeader(ReadOnlySpan<byte> header) =>
        (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header), int.MaxValue);

    /// <summary>Writes one frame (header and payload) to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderSize + payload.Length);
        WriteHeader(span, payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>. Returns false when more bytes are
    /// needed; throws <see cref="InvalidDataException"/> when the length exceeds <paramref name="maxPayload"/>.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayload, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)maxPayload)
        {
            throw new InvalidDataException($"TCP frame of {length} bytes exceeds the limit of {maxPayload} bytes.");
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(HeaderSize + length);
        return true;
    }
}
