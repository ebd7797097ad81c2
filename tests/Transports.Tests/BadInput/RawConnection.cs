using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>A client socket whose bytes the test writes by hand: TCP frames, or an HTTP/1.1 request.</summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _text = new();

    private RawConnection(Socket socket) => _socket = socket;

    public static async Task<RawConnection> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(TestDefaults.Timeout);
        return new RawConnection(socket);
    }

    public static Task<RawConnection> ConnectAsync(Uri httpBase) =>
        ConnectAsync(new IPEndPoint(IPAddress.Parse(httpBase.IdnHost), httpBase.Port));

    /// <summary>A frame's 4-byte big-endian length prefix, which may claim more than follows.</summary>
    public static byte[] Header(uint length)
    {
        var header = new byte[LengthPrefixedFrame.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        return header;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload) => [.. Header((uint)payload.Length), .. payload];

    public static byte[] Frame(string ascii) => Frame(Encoding.ASCII.GetBytes(ascii));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes[sent..], SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
        }
    }

    public Task SendAsync(string ascii) => SendAsync(Encoding.ASCII.GetBytes(ascii));

    /// <summary>Subscribes (empty: from now) and returns the server's acknowledgement, the cursor it starts after.</summary>
    public async Task<long> SubscribeAsync(string cursor = "")
    {
        await SendAsync(Frame(cursor));
        var ack = Encoding.ASCII.GetString(await ReadFrameAsync());
        Assert.True(TransportPaths.TryParseCursor(ack, out var start) && start is not null, $"the ack '{ack}' should hold a cursor");
        return start!.Value;
    }

    public async Task<byte[]> ReadFrameAsync()
    {
        var header = new byte[LengthPrefixedFrame.HeaderSize];
        await ReadExactlyAsync(header);
        var payload = new byte[LengthPrefixedFrame.ReadHeader(header)];
        await ReadExactlyAsync(payload);
        return payload;
    }

    /// <summary>Reads (as ASCII) until <paramref name="marker"/> has arrived; returns everything read so far.</summary>
    public async Task<string> ReadUntilAsync(string marker)
    {
        var buffer = new byte[4096];
        while (!_text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
            Assert.True(read > 0, $"the server closed the connection before sending '{marker}'");
            _text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return _text.ToString();
    }

    /// <summary>
    /// Reads and discards until the server ends the connection (FIN or reset). Fails with a
    /// <see cref="TimeoutException"/> if the server keeps it open.
    /// </summary>
    public async Task AssertClosedByServerAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
            }
            catch (SocketException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }
        }
    }

    /// <summary>Vanishes without a goodbye: a reset (RST) when <paramref name="reset"/>, else a bare FIN.</summary>
    public void Vanish(bool reset)
    {
        if (reset)
        {
            _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadExactlyAsync(Memory<byte> destination)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = await _socket.ReceiveAsync(destination[filled..], SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection mid-frame");
            }

            filled += read;
        }
    }
}
