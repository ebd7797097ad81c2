using System.Diagnostics;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// One wire format in memory, no socket: encoding frames a run of ready-made event messages the way the
/// format's server writes them to a connection; decoding takes the frames apart and reads each event's header,
/// as the client does before it hands the event on. Encoding writes to the codec's own buffer and decoding reads
/// a copy of one earlier encoding, so the two never disturb each other. Per-connection setup (a parser, a
/// formatter's buffers) is paid once per run, as a live connection pays it once for many events.
/// </summary>
internal abstract class EventCodec : IDisposable
{
    protected EventCodec(ReadOnlyMemory<byte>[] messages) => Messages = messages;

    /// <summary>The event messages of one run, sequences 1..n, as the feed holds them.</summary>
    protected ReadOnlyMemory<byte>[] Messages { get; }

    /// <summary>The bytes the last <see cref="EncodeAsync"/> wrote.</summary>
    protected abstract ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>Frames every message of the run.</summary>
    public abstract ValueTask EncodeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every event of the run back; returns the sum of their sequences.</summary>
    public abstract ValueTask<long> DecodeAsync(CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="encoded"/> what <see cref="DecodeAsync"/> reads.</summary>
    protected abstract void LoadForDecoding(byte[] encoded);

    public abstract void Dispose();

    /// <summary>
    /// A codec for <paramref name="format"/> over <paramref name="events"/> messages of <paramref name="payloadBytes"/>,
    /// checked once: decoding what it encoded must give back every sequence, or the benchmark fails here.
    /// </summary>
    public static async Task<EventCodec> CreateAsync(WireFormat format, int events, int payloadBytes, CancellationToken cancellationToken)
    {
        var timestamp = Stopwatch.GetTimestamp();
        var messages = new ReadOnlyMemory<byte>[events];
        for (var i = 0; i < events; i++)
        {
            messages[i] = EventMessage.Create(i + 1, timestamp + i, payloadBytes);
        }

        EventCodec codec = format switch
        {
            WireFormat.Batch => new BatchCodec(messages),
            WireFormat.Sse => new SseCodec(messages),
            WireFormat.WebSocket => new WebSocketCodec(messages),
            WireFormat.LengthPrefixed => new TcpCodec(messages),
            WireFormat.SignalRJson => new SignalRCodec(messages),
            WireFormat.SocketIo => new SocketIoCodec(messages),
            WireFormat.SockJs => new SockJsCodec(messages),
            WireFormat.Stomp => new StompCodec(messages),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown wire format"),
        };
        try
        {
            await codec.EncodeAsync(cancellationToken).ConfigureAwait(false);
            codec.LoadForDecoding(codec.Encoded.ToArray());
            var sum = await codec.DecodeAsync(cancellationToken).ConfigureAwait(false);
            var expected = (long)events * (events + 1) / 2;
            if (sum != expected)
            {
                throw new InvalidDataException($"{format}: decoding what was encoded gave a sequence sum of {sum}, not {expected}.");
            }

            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    /// <summary>The event's sequence, as the client's delivery reads it; a malformed message fails the run.</summary>
    protected static long ReadSequence(ReadOnlySpan<byte> message) =>
        EventMessage.TryRead(message, out var sequence, out _) ? sequence : throw new InvalidDataException("not an event message");
}
