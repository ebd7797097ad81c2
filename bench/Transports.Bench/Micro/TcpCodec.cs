using System.Buffers;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>Raw TCP: <see cref="LengthPrefixedFrame.Write"/> per message, as the server writes; read back with <see cref="LengthPrefixedFrame.TryRead"/>.</summary>
internal sealed class TcpCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private byte[] _input = [];

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        foreach (var message in Messages)
        {
            LengthPrefixedFrame.Write(_output, message.Span);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        var buffer = new ReadOnlySequence<byte>(_input);
        var sum = 0L;
        while (LengthPrefixedFrame.TryRead(ref buffer, EventMessage.MaxSize, out var payload))
        {
            // One array, one segment: the payload is always a single span.
            sum += ReadSequence(payload.FirstSpan);
        }

        return ValueTask.FromResult(sum);
    }

    protected override void LoadForDecoding(byte[] encoded) => _input = encoded;

    public override void Dispose()
    {
    }
}
