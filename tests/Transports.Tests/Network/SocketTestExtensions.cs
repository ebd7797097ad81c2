using System.Net;
using System.Net.Sockets;

namespace Transports.Tests.Network;

/// <summary>Bounded socket steps for the relay tests.</summary>
public static class SocketTestExtensions
{
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(TestDefaults.Timeout);
        return socket;
    }

    /// <summary>Sends <paramref name="bytes"/> in pieces of the given sizes, cycling through them.</summary>
    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> bytes, params int[] pieceSizes)
    {
        var sizes = pieceSizes.Length > 0 ? pieceSizes : [bytes.Length];
        for (var i = 0; !bytes.IsEmpty; i++)
        {
            var piece = bytes[..Math.Min(sizes[i % sizes.Length], bytes.Length)];
            while (!piece.IsEmpty)
            {
                var sent = await socket.SendAsync(piece, SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
                piece = piece[sent..];
                bytes = bytes[sent..];
            }
        }
    }

    public static async Task<byte[]> ReceiveExactlyAsync(this Socket socket, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
            Assert.True(n > 0, $"the stream ended after {read} of {count} bytes");
            read += n;
        }

        return buffer;
    }

    /// <summary>Everything until the peer's FIN.</summary>
    public static async Task<byte[]> ReceiveToEndAsync(this Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout) is var n && n > 0)
        {
            received.Write(buffer, 0, n);
        }

        return received.ToArray();
    }

    /// <summary>Closes with a RST instead of a FIN.</summary>
    public static void Reset(this Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }
}
