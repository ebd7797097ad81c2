using System.Buffers;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// Socket.IO 4: <c>42["event","…"]</c> per event, joined with 0x1E as a polling body carries them, read back packet by
/// packet with <see cref="SocketIoPackets.TryReadEvent"/> as our client does. (The server is Node's; the WebSocket
/// frame around each packet after the upgrade is <see cref="WebSocketCodec"/>'s cost.)
/// </summary>
internal sealed class SocketIoCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _scratch = new byte[EventMessage.MaxSize];
    private byte[] _input = [];

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        foreach (var message in Messages)
        {
            SocketIoPackets.WriteEvent(_output, SocketIoPackets.EventName, message.Span);
            _output.Write([SocketIoPackets.Separator]);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        var rest = _input.AsSpan();
        var sum = 0L;
        for (var end = rest.IndexOf(SocketIoPackets.Separator); end >= 0; end = rest.IndexOf(SocketIoPackets.Separator))
        {
            if (!SocketIoPackets.TryReadEvent(rest[2..end], _scratch, out _, out var text, out _))
            {
                throw new InvalidDataException("socketio: not an event packet");
            }

            sum += ReadSequence(text);
            rest = rest[(end + 1)..];
        }

        return ValueTask.FromResult(sum);
    }

    protected override void LoadForDecoding(byte[] encoded) => _input = encoded;

    public override void Dispose()
    {
    }
}
