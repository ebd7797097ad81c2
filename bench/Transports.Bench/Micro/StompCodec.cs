using System.Buffers;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// STOMP over WebSocket: each event as the MESSAGE frame StompFraming writes (subscription "0", message-id the
/// sequence) in one WebSocket text message; read back through a <see cref="StompFrameReader"/> as StompClient does
/// (here from the received message's copy: the client receives straight into the reader).
/// </summary>
internal sealed class StompCodec(ReadOnlyMemory<byte>[] messages) : WebSocketCodec(messages)
{
    private static readonly byte[] Subscription = "0"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _frame = new();
    private readonly StompFrameReader _reader = new(maxHeaderBytes: 8 * 1024, maxBodyBytes: EventMessage.MaxSize);

    protected override ReadOnlyMemory<byte> Frame(long sequence, ReadOnlyMemory<byte> message)
    {
        _frame.ResetWrittenCount();
        StompMessageFrame.Write(_frame, Subscription, sequence, message.Span, ack: false);
        return _frame.WrittenMemory;
    }

    protected override long Read(ReadOnlySpan<byte> received)
    {
        _reader.Append(received);
        var read = _reader.Read();
        return read.Status == StompReadStatus.Frame && read.Frame!.Command == StompCommands.Message
            ? ReadSequence(read.Frame.Body.Span)
            : throw new InvalidDataException($"stomp: expected a MESSAGE frame, got {read.Status} {read.Error}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }
}
