using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>Raw TCP, the floor: <see cref="LengthPrefixedFrame"/> both ways over one connection.</summary>
public sealed class TcpClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : TransportClient(TransportIds.Tcp, sink, options)
{
    private readonly UpstreamConnection<Stream> _upstream = new(TransportIds.Tcp);
    private readonly FrameBuffer _received = new(options.MaxMessageBytes);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _upstream.SendAsync(message, static (stream, message, token) => new ValueTask(WriteFrameAsync(stream, message, token)), cancellationToken);

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var connect = connections.ConnectTcp ?? throw new NotSupportedException("tcp has no in-memory form: it needs a real socket.");
        var stream = await connect(cancellationToken).ConfigureAwait(false);
        var subscribe = cursor is { } after ? Encoding.ASCII.GetBytes(after.ToString(CultureInfo.InvariantCulture)) : [];
        await WriteFrameAsync(stream, subscribe, cancellationToken).ConfigureAwait(false);
        _received.Clear();
        ReadOnlyMemory<byte> ack;
        while (!_received.TryTake(out ack))
        {
            await _received.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        if (!TransportPaths.TryParseCursor(Encoding.ASCII.GetString(ack.Span), out var start))
        {
            throw new InvalidDataException("tcp: malformed subscribe acknowledgement.");
        }

        // Only now may upstream sends use this stream: the subscribe exchange is complete.
        await _upstream.SwapAsync(stream).ConfigureAwait(false);

        Subscribed(start);
        while (true)
        {
            // Every whole frame of what arrived, then one read for more.
            while (_received.TryTake(out var message))
            {
                Deliver(message.Span, Stopwatch.GetTimestamp());
            }

            await _received.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override ValueTask DisposeConnectionsAsync() => _upstream.DisposeAsync();

    /// <summary>Header and payload in one write, so the floor is one segment per event like the others.</summary>
    private static async Task WriteFrameAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(LengthPrefixedFrame.HeaderSize + payload.Length);
        try
        {
            LengthPrefixedFrame.WriteHeader(frame, payload.Length);
            payload.Span.CopyTo(frame.AsSpan(LengthPrefixedFrame.HeaderSize));
            await stream.WriteAsync(frame.AsMemory(0, LengthPrefixedFrame.HeaderSize + payload.Length), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
