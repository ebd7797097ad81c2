using System.Buffers;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// Polling and long polling: the run is one response body, each message followed by '\n', written by
/// <see cref="EventBatch.Write"/> as the server writes it; read back with <see cref="EventBatch.ForEach"/> as the clients do.
/// </summary>
internal sealed class BatchCodec(ReadOnlyMemory<byte>[] messages) : EventCodec(messages)
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private byte[] _input = [];
    private long _sum;

    protected override ReadOnlyMemory<byte> Encoded => _output.WrittenMemory;

    public override ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.ResetWrittenCount();
        foreach (var message in Messages)
        {
            EventBatch.Write(_output, message.Span);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<long> DecodeAsync(CancellationToken cancellationToken)
    {
        _sum = 0;
        EventBatch.ForEach(_input, this, static (message, codec) => codec._sum += ReadSequence(message));
        return ValueTask.FromResult(_sum);
    }

    protected override void LoadForDecoding(byte[] encoded) => _input = encoded;

    public override void Dispose()
    {
    }
}
