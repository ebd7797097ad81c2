using System.Buffers;
using System.Net.Sockets;

namespace Transports.Network;

/// <summary>One of the relay's two sockets for a connection, as a source (what that endpoint sent) and a sink.</summary>
internal sealed class SocketEnd : IByteSource, IByteSink, IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private int _disposed;

    public SocketEnd(Socket socket, int bufferSize)
    {
        _socket = socket;
        try
        {
            _socket.NoDelay = true;
        }
        catch (SocketException)
        {
            // The peer reset already: the first read or write fails and aborts the connection, where it is counted.
        }

        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
        return _buffer.AsMemory(0, read);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken)..];
        }
    }

    /// <summary>Half-close: a FIN to this endpoint, which may still send.</summary>
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    /// <summary>Abortive close: linger 0 makes the close a RST, so this endpoint sees the other one's abort.</summary>
    public void Reset()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: the close below is all that is left to do.
        }

        _socket.Dispose();
    }

    /// <summary>Closes the socket and returns the buffer; only once no pump uses this end any more.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
