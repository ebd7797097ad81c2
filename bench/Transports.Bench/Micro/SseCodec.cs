using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;

namespace Transports.Bench.Micro;

/// <summary>
/// Server-Sent Events: the run goes through one <see cref="SseFormatter.WriteAsync{T}"/> call with id = sequence,
/// as SseServer streams a subscription; read back with one <see cref="SseParser"/> as SseClient does.
/// </summary>
internal sealed class SseCodec : EventCodec
{
    private readonly ReplayedItems<SseItem<ReadOnlyMemory<byte>>> _items;
    private readonly MemoryStream _output = new();
    private MemoryStream _input = new();

    public SseCodec(ReadOnlyMemory<byte>[] messages)
        : base(messages)
    {
        // The server makes each id string once per event, not per subscriber: made here, outside the measurement.
        var items = new SseItem<ReadOnlyMemory<byte>>[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            items[i] = new SseItem<ReadOnlyMemory<byte>>(messages[i]) { EventId = (i + 1).ToString(CultureInfo.InvariantCulture) };
        }

        _items = new ReplayedItems<SseItem<ReadOnlyMemory<byte>>>(items);
    }

    protected override ReadOnlyMemory<byte> Encoded => _output.GetBuffer().AsMemory(0, (int)_output.Length);

    public override async ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        _output.SetLength(0);
        await SseFormatter.WriteAsync(
            _items,
            _output,
            static (item, writer) => writer.Write(item.Data.Span),
            cancellationToken).ConfigureAwait(false);
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

    public override void Dispose()
    {
        _output.Dispose();
        _input.Dispose();
    }
}
