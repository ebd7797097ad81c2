using System.Buffers.Binary;
using System.Text;

namespace Transports.Bench.Fuzz;

/// <summary>RFC 6455 frames written by hand (client to server: masked unless told otherwise), and the opening handshake.</summary>
public static class WebSocketFrames
{
    public const int Continuation = 0x0;
    public const int Text = 0x1;
    public const int Binary = 0x2;
    public const int Close = 0x8;
    public const int Ping = 0x9;

    /// <summary>The RFC's example key: any valid one will do for a handshake that should succeed.</summary>
    public const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    /// <summary>The opening handshake to <paramref name="target"/>, with <paramref name="extra"/> headers after the usual ones.</summary>
    public static byte[] Handshake(string target, string host, IEnumerable<(string, string)>? extra = null) =>
        HttpText.Request("GET", target, host, [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", Key), ("Sec-WebSocket-Version", "13"), .. extra ?? []]);

    /// <summary>
    /// One frame. <paramref name="claimedLength"/> is written as the payload length in place of the real one (a frame
    /// that lies); <paramref name="mask"/> false leaves a client frame unmasked, which RFC 6455 forbids.
    /// </summary>
    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, bool fin = true, int rsv = 0, bool mask = true, long? claimedLength = null, Random? random = null)
    {
        var length = claimedLength ?? payload.Length;
        var frame = new List<byte>(payload.Length + 14) { (byte)((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF)) };
        var maskBit = mask ? 0x80 : 0;
        if (length < 126)
        {
            frame.Add((byte)(maskBit | (int)length));
        }
        else if (length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            Span<byte> extended = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, (ulong)length);
            frame.AddRange(extended.ToArray());
        }

        var key = new byte[4];
        (random ?? Random.Shared).NextBytes(key);
        if (mask)
        {
            frame.AddRange(key);
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add(mask ? (byte)(payload[i] ^ key[i % 4]) : payload[i]);
        }

        return [.. frame];
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
