using System.Buffers;
using System.Net.ServerSentEvents;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// Server-Sent Events: each message framed by <see cref="SseEventFrame.Write"/> with id = sequence, as the SSE server
/// writes a subscription; read back with one <see cref="SseParser"/> as SseClient does.
/// </summary>
internal sealed class SseCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
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
        var parser = SseParser.Create(_input, static (_, data) => ReadSequence(data));
        var sum = 0L;
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            sum += item.Data;
        }

        return sum;
    }

    protected override void LoadForDecoding(byte[] encoded)
    {
        _input.Dispose();
        _input = new MemoryStream(encoded, writable: false);
    }

    public override void Dispose() => _input.Dispose();
}
