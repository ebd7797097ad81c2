using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// WebSocket: one text message per event sent by a server-side socket (frames unmasked, as WebSocketServer
/// sends), received by a client-side socket through WebSocketClient's own reader (WebSocketMessageReader, no token per receive); both over memory.
/// A protocol that rides on WebSocket derives and frames each message itself (<see cref="Frame"/>, <see cref="Read"/>).
/// </summary>
internal class WebSocketCodec : EventCodec
{
    private readonly MemoryStream _output = new();
    private readonly WebSocket _server;
    private readonly WebSocketMessageReader _reader = new(EventMessage.MaxSize);
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
            // The clients' own reader, with no token per receive as WebSocketClient reads.
            var read = await _reader.ReceiveAsync(client, CancellationToken.None).ConfigureAwait(false);
            if (read.Status != WebSocketReadStatus.Message)
            {
                throw new InvalidDataException($"websocket: expected a message, got {read.Status}.");
            }

            sum += Read(_reader.Message(read));
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
        _reader.Dispose();
        _output.Dispose();
        _input.Dispose();
    }

    // No keep-alive: a ping would add frames the measurement did not ask for.
    private static WebSocket Open(Stream stream, bool isServer) =>
        WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = isServer, KeepAliveInterval = TimeSpan.Zero });
}
