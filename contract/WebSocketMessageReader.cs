using System.Buffers;
using System.Net.WebSockets;

namespace Transports.Contract;

/// <summary>
/// Reads whole WebSocket messages, however many frames they arrive in, into one pooled buffer that grows as
/// needed up to the limit. Server and client both read this way.
/// </summary>
public sealed class WebSocketMessageReader(int maxMessageBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);

    /// <summary>The next whole message, or Closed when the peer closed, or TooBig once it passes the limit (the rest unread).</summary>
    public async ValueTask<WebSocketRead> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new WebSocketRead(WebSocketReadStatus.Closed, 0);
            }

            length += result.Count;
            if (length > maxMessageBytes)
            {
                return new WebSocketRead(WebSocketReadStatus.TooBig, length);
            }

            if (result.EndOfMessage)
            {
                return new WebSocketRead(WebSocketReadStatus.Message, length);
            }
        }
    }

    /// <summary>
    /// A client's read: the next whole message (its bytes by <see cref="Message"/>), or null once the peer closed;
    /// a message past the limit is the peer's fault, thrown as <see cref="InvalidDataException"/> naming <paramref name="transport"/>.
    /// </summary>
    public async ValueTask<WebSocketRead?> ReceiveMessageAsync(WebSocket socket, string transport, CancellationToken cancellationToken)
    {
        var read = await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
        return read.Status switch
        {
            WebSocketReadStatus.Closed => null,
            WebSocketReadStatus.TooBig => throw new InvalidDataException($"{transport}: message larger than {maxMessageBytes} bytes."),
            _ => read,
        };
    }

    /// <summary>The message just read; valid until the next read.</summary>
    public ReadOnlySpan<byte> Message(WebSocketRead read) => _buffer.AsSpan(0, read.Length);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>What one <see cref="WebSocketMessageReader.ReceiveAsync"/> found.</summary>
public readonly record struct WebSocketRead(WebSocketReadStatus Status, int Length);

public enum WebSocketReadStatus
{
    Message,
    Closed,
    TooBig,
}
