using System.Buffers;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// Server-Sent Events: each message framed by <see cref="SseEventFrame.Write"/> with id = sequence, as the SSE server
/// writes a subscription; read back with one <see cref="SseEventReader"/> as SseClient does.
/// </summary>
internal sealed class SseCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly SseEventReader _reader = new(EventMessage.MaxSize);
    private MemoryStream _input = new();

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < Messages.Length; i++)
        {
            SseEventFrame.Write(_output, Messages[i].Span, i + 1);
        }

        return ValueTask.CompletedTask;
    }

    public override async ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        _input.Position = 0;
        _reader.Clear();
        var sum = 0L;
        do
        {
            while (_reader.TryTake(out var data))
            {
                sum += ReadSequence(data.Span);
            }
        }
        while (await _reader.ReadAsync(_input, cancellationToken).ConfigureAwait(false));

        return sum;
    }

    protected override void LoadForDecoding(byte[] encoded)
    {
        _input.Dispose();
        _input = new MemoryStream(encoded, writable: false);
    }

    public override void Dispose() => _input.Dispose();
}
