using System.Buffers;
using System.IO.Pipelines;

namespace Transports.Network;

/// <summary>A stage's output pipe as a pump's source; a pipe completed with an error aborts the connection.</summary>
internal sealed class PipeSource(PipeReader reader) : IByteSource
{
    private ReadOnlySequence<byte> _held;
    private long _lent = -1;

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_lent >= 0)
        {
            reader.AdvanceTo(_held.GetPosition(_lent));
            _lent = -1;
        }

        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (!result.Buffer.IsEmpty)
            {
                _held = result.Buffer;
                var first = result.Buffer.First;
                _lent = first.Length;
                return first;
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return ReadOnlyMemory<byte>.Empty;
            }
        }
    }
}

/// <summary>A stage's input pipe as a pump's sink. Once the stage stops reading, what follows goes nowhere, by its choice.</summary>
internal sealed class PipeSink(PipeWriter writer) : IByteSink
{
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await writer.WriteAsync(bytes, cancellationToken);

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => writer.CompleteAsync();
}

/// <summary>A reader and a writer handed to a stage as one side of the connection.</summary>
internal sealed class StagePipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
