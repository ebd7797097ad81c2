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
    public ValueTask<WebSocketRead> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        // A message already buffered in the socket arrives whole in one receive: answered without an async state
        // machine, as most are at high rates.
        var pending = socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return ReceiveRestAsync(socket, pending, 0, cancellationToken);
        }

        var result = pending.Result;
        return Classify(result, 0) is { } read
            ? ValueTask.FromResult(read)
            : ReceiveRestAsync(socket, Next(socket, result.Count, cancellationToken), result.Count, cancellationToken);
    }

    /// <summary>Awaits <paramref name="pending"/>, the receive after <paramref name="length"/> bytes, and any more until the message ends.</summary>
    private async ValueTask<WebSocketRead> ReceiveRestAsync(WebSocket socket, ValueTask<ValueWebSocketReceiveResult> pending, int length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await pending.ConfigureAwait(false);
            if (Classify(result, length) is { } read)
            {
                return read;
            }

            length += result.Count;
            pending = Next(socket, length, cancellationToken);
        }
    }

    /// <summary>The receive of the message's bytes after <paramref name="length"/>, the buffer grown first when full.</summary>
    private ValueTask<ValueWebSocketReceiveResult> Next(WebSocket socket, int length, CancellationToken cancellationToken)
    {
        if (length == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
    }

    /// <summary>What a receive after <paramref name="before"/> bytes of the message ends in; null: the message goes on.</summary>
    private WebSocketRead? Classify(ValueWebSocketReceiveResult result, int before)
    {
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return new WebSocketRead(WebSocketReadStatus.Closed, 0);
        }

        var length = before + result.Count;
        if (length > maxMessageBytes)
        {
            return new WebSocketRead(WebSocketReadStatus.TooBig, length);
        }

        return result.EndOfMessage ? new WebSocketRead(WebSocketReadStatus.Message, length) : null;
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
