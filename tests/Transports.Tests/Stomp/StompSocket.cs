using System.Net.WebSockets;
using System.Text;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Stomp;

/// <summary>A hand-driven STOMP connection for protocol tests: raw frames out, frames (or raw messages) in.</summary>
internal sealed class StompSocket : IDisposable
{
    private readonly StompFrameReader _reader = new(64 * 1024, EventMessage.MaxSize);

    private StompSocket(WebSocket socket) => Socket = socket;

    public WebSocket Socket { get; }

    /// <summary>Heart-beats (line feeds between frames) read so far.</summary>
    public long HeartBeats => _reader.HeartBeats;

    public static async Task<StompSocket> OpenAsync(ITestServer server, string query = "", string? subProtocol = StompProtocol.SubProtocol)
    {
        var connections = server.Connections(new WireCounter());
        var (socket, _) = await connections.ConnectWebSocket(new WebSocketRequest(connections.WebSocketUri(TransportPaths.Stomp + query)) { SubProtocol = subProtocol }, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        return new StompSocket(socket);
    }

    /// <summary>The CONNECTED frame, once <see cref="ConnectAsync"/> has read it.</summary>
    public StompFrame? Connected { get; private set; }

    /// <summary>Opens and sends CONNECT (plus <paramref name="headers"/>); <see cref="Connected"/> holds the answer.</summary>
    public static async Task<StompSocket> ConnectAsync(ITestServer server, string headers = "")
    {
        var stomp = await OpenAsync(server);
        await stomp.SendAsync($"CONNECT\naccept-version:1.2\nhost:localhost\n{headers}\n\0");
        stomp.Connected = await stomp.ReadFrameAsync();
        Assert.Equal(StompCommands.Connected, stomp.Connected.Command);
        return stomp;
    }

    public Task SubscribeAsync(string ack = StompHeaders.AckAuto, string id = "s1") =>
        SendAsync($"SUBSCRIBE\nid:{id}\ndestination:/topic/events\nack:{ack}\n\n\0");

    /// <summary>One text message holding <paramref name="text"/> as UTF-8.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public Task SendAsync(byte[] bytes) =>
        Socket.SendAsync(new ReadOnlyMemory<byte>(bytes), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);

    /// <summary>The next frame (its body copied out), receiving as needed; fails on a close or malformed bytes.</summary>
    public async Task<StompFrame> ReadFrameAsync()
    {
        while (true)
        {
            var read = _reader.Read();
            if (read.Status == StompReadStatus.Frame)
            {
                return read.Frame!.WithBody(read.Frame.Body.ToArray());
            }

            Assert.True(read.Status == StompReadStatus.NeedMore, $"{read.Status}: {read.Error}");
            var received = await Socket.ReceiveAsync(_reader.GetMemory(), CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
            Assert.True(received.MessageType != WebSocketMessageType.Close, $"closed ({Socket.CloseStatus} {Socket.CloseStatusDescription}) while a frame was expected");
            _reader.Advance(received.Count);
        }
    }

    /// <summary>The next whole WebSocket message as text (heart-beats are "\n").</summary>
    public async Task<string> ReceiveMessageAsync()
    {
        Assert.Equal(0, _reader.Buffered);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var received = await Socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
            Assert.True(received.MessageType != WebSocketMessageType.Close, "closed while a message was expected");
            length += received.Count;
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    /// <summary>Reads what is left until the server's close frame, answers it, and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReadCloseAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var received = await Socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
                return Socket.CloseStatus;
            }
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        _reader.Dispose();
    }
}
