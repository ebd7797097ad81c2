using System.Buffers;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// SockJS: <c>a["…"]</c> per event, each ended with <c>\n</c> as xhr_streaming carries them, read back frame by frame
/// with <see cref="SockJsFrames.ReadMessages"/> as our client does. (The server is Node's; over websocket the
/// newline is absent and the WebSocket frame around each is <see cref="WebSocketCodec"/>'s cost.)
/// </summary>
internal sealed class SockJsCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _scratch = new byte[EventMessage.MaxSize];
    private byte[] _input = [];
    private long _sum;

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        foreach (var message in Messages)
        {
            SockJsFrames.WriteMessage(_output, message.Span);
            _output.Write([SockJsFrames.LineEnd]);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        var rest = _input.AsSpan();
        _sum = 0;
        for (var end = rest.IndexOf(SockJsFrames.LineEnd); end >= 0; end = rest.IndexOf(SockJsFrames.LineEnd))
        {
            if (rest[0] != SockJsFrames.Messages)
            {
                throw new InvalidDataException("sockjs: not an a frame");
            }

            SockJsFrames.ReadMessages(rest[1..end], _scratch, message => _sum += ReadSequence(message));
            rest = rest[(end + 1)..];
        }

        return ValueTask.FromResult(_sum);
    }

    protected override void LoadForDecoding(byte[] encoded) => _input = encoded;

    public override void Dispose()
    {
    }
}
