using System.Net.WebSockets;

namespace Transports.Bench.Micro;

/// <summary>
/// WebSocket: one text message per event sent by a server-side socket (frames unmasked, as WebSocketServer
/// sends), received by a client-side socket into a reused buffer as WebSocketClient does; both over memory.
/// A protocol that rides on WebSocket derives and frames each message itself (<see cref="Frame"/>, <see cref="Read"/>).
/// </summary>
internal class WebSocketCodec : EventCodec
{
    private readonly MemoryStream _output = new();
    private readonly WebSocket _server;
    private readonly byte[] _buffer = new byte[4096];
    private MemoryStream _input = new();
    private WebSocket? _client;

    public WebSocketCodec(ReadOnlyMemory<byte>[] messages)
        : base(messages) => _server = Open(_output, isServer: true);

    protected override ReadOnlyMemory<byte> Encoded => _output.GetBuffer().AsMemory(0, (int)_output.Length);

    public override async ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.SetLength(0);
        for (var i = 0; i < Messages.Length; i++)
        {
            await _server.SendAsync(Frame(i + 1, Messages[i]), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("nothing loaded to decode");
        _input.Position = 0;
        var sum = 0L;
        for (var i = 0; i < Messages.Length; i++)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    throw new InvalidDataException($"websocket: expected a text message, got {result.MessageType}.");
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            sum += Read(_buffer.AsSpan(0, length));
        }

        return sum;
    }

    protected override void LoadForDecoding(byte[] encoded)
    {
        _client?.Dispose();
        _input.Dispose();
        // WebSocket wants a writable stream; nothing is written (no pings, no close).
        _input = new MemoryStream(encoded);
        _client = Open(_input, isServer: false);
    }

    /// <summary>What goes out as the WebSocket message of event <paramref name="sequence"/>: the message itself.</summary>
    protected virtual ReadOnlyMemory<byte> Frame(long sequence, ReadOnlyMemory<byte> message) => message;

    /// <summary>The sequence of the event one received WebSocket message carries.</summary>
    protected virtual long Read(ReadOnlySpan<byte> received) => ReadSequence(received);

    public override void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _server.Dispose();
        _client?.Dispose();
        _output.Dispose();
        _input.Dispose();
    }

    // No keep-alive: a ping would add frames the measurement did not ask for.
    private static WebSocket Open(Stream stream, bool isServer) =>
        WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = isServer, KeepAliveInterval = TimeSpan.Zero });
}
