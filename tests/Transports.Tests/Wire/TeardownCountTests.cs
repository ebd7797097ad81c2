using System.Net;
using System.Net.Sockets;
using System.Text;
using Transports.Contract;
using Transports.Tests.BadInput;

namespace Transports.Tests.Wire;

/// <summary>
/// The server counts what crossed its sockets even when a connection is torn down mid-message: input that reached the
/// socket but was never read, and output that never left because the client went away, are held to the kernel's own
/// counts of the client's socket (TCP_INFO), to the byte.
/// </summary>
public sealed class TeardownCountTests
{
    [Fact]
    public async Task Upstream_the_server_refuses_and_never_reads_is_counted_as_it_reached_the_socket()
    {
        if (!TcpInfo.IsSupported)
        {
            return;
        }

        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { TeardownCounts = true });
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(server.Server.TcpEndPoint).WaitAsync(TestDefaults.Timeout);
        await SendAsync(client, RawConnection.Frame(""));
        await ReceiveAsync(client, until: received => received >= 4);

        // A frame announced at 1 MiB (the server takes at most 4 KiB), then 64 KiB of it: the server reads the length,
        // refuses it and closes; what follows reached its socket and was never read.
        await SendAsync(client, [.. RawConnection.Header(1024 * 1024), .. new byte[64 * 1024]]);
        await ReceiveAsync(client, until: _ => false);
        client.Shutdown(SocketShutdown.Send);

        var sent = await SettledAsync(client);
        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().BytesIn == sent.PayloadBytesAcked(activeOpen: true), $"the server should count the {sent.PayloadBytesAcked(activeOpen: true)} B that reached it, not only what it read ({server.Server.Wire.Snapshot().BytesIn} B)");
        Assert.Equal(sent.PayloadBytesReceived(activeOpen: true), server.Server.Wire.Snapshot().BytesOut);
    }

    [Fact]
    public async Task A_long_poll_answer_cut_short_by_the_client_counts_only_what_left_the_server()
    {
        if (!TcpInfo.IsSupported)
        {
            return;
        }

        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { LongPollTimeout = TimeSpan.FromMinutes(1), TeardownCounts = true });
        // A small receive buffer: the client stops reading and the answer stalls with a few KiB across.
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 16 * 1024 };
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Server.HttpUri.Port)).WaitAsync(TestDefaults.Timeout);
        var cursor = server.Server.Feed.LastSequence;
        await SendAsync(client, Encoding.ASCII.GetBytes($"GET {TransportPaths.LongPoll}?cursor={cursor} HTTP/1.1\r\nHost: {server.Server.HttpUri.Authority}\r\n\r\n"));
        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().Requests > 0, "the long poll should be held");
        server.Server.Feed.Publish(4 * 1024 * 1024);

        var received = await SettledAsync(client);
        Assert.True(received.PayloadBytesReceived(activeOpen: true) is > 0 and < 4 * 1024 * 1024, $"{received.PayloadBytesReceived(activeOpen: true)} B should have crossed before the answer stalled");
        client.LingerState = new LingerOption(true, 0);
        client.Close();

        await Eventually.AssertAsync(() => server.Server.Wire.Snapshot().BytesOut == received.PayloadBytesReceived(activeOpen: true), $"the server should count the {received.PayloadBytesReceived(activeOpen: true)} B that left it, not the 4 MiB it wrote ({server.Server.Wire.Snapshot().BytesOut} B)");
        Assert.Equal(received.PayloadBytesAcked(activeOpen: true), server.Server.Wire.Snapshot().BytesIn);
    }

    /// <summary>The client socket's counters once they stop moving (the peer stalled or closed), read 50 ms apart.</summary>
    private static async Task<TcpInfo> SettledAsync(Socket socket)
    {
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        var previous = TcpInfo.TryRead(socket);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            var current = TcpInfo.TryRead(socket);
            if (current is { BytesReceived: > 0 } now && previous is { } before && now.BytesReceived == before.BytesReceived && now.BytesSent == before.BytesSent)
            {
                return now;
            }

            previous = current;
        }

        throw new TimeoutException("the client socket's counts did not settle");
    }

    private static async Task SendAsync(Socket socket, byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
        }
    }

    /// <summary>Reads until <paramref name="until"/> holds for the byte count so far, or the peer closes.</summary>
    private static async Task ReceiveAsync(Socket socket, Func<int, bool> until)
    {
        var received = 0;
        var buffer = new byte[64 * 1024];
        while (!until(received))
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestDefaults.Timeout);
            if (read == 0)
            {
                return;
            }

            received += read;
        }
    }
}
