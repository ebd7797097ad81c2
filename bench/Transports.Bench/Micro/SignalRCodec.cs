using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.SignalR.Protocol;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// SignalR's JSON hub protocol: each event as the server writes it (the shared framework's <see cref="JsonHubProtocol"/>,
/// an invocation of <c>event</c> with the message as a string, the string made per event as the hub does), read back
/// record by record with <see cref="SignalRFrames.Read"/> as our client does. The WebSocket frame around it is
/// <see cref="WebSocketCodec"/>'s cost, not counted again.
/// </summary>
internal sealed class SignalRCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly JsonHubProtocol _protocol = new();
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _scratch = new byte[EventMessage.MaxSize];
    private byte[] _input = [];

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        foreach (var message in Messages)
        {
            _protocol.WriteMessage(new InvocationMessage(SignalRFrames.EventTarget, [Encoding.ASCII.GetString(message.Span)]), _output);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        var rest = _input.AsSpan();
        var sum = 0L;
        for (var end = rest.IndexOf(SignalRFrames.RecordSeparator); end >= 0; end = rest.IndexOf(SignalRFrames.RecordSeparator))
        {
            var record = SignalRFrames.Read(rest[..end], _scratch);
            sum += ReadSequence(record.Argument);
            rest = rest[(end + 1)..];
        }

        return ValueTask.FromResult(sum);
    }

    protected override void LoadForDecoding(byte[] encoded) => _input = encoded;

    public override void Dispose()
    {
    }
}
