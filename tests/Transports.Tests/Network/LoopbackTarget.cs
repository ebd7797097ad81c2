using System.Net;
using System.Net.Sockets;

namespace Transports.Tests.Network;

/// <summary>A listener on 127.0.0.1 standing in for a server behind the relay: the test holds each accepted socket.</summary>
public sealed class LoopbackTarget : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public LoopbackTarget()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public async Task<Socket> AcceptAsync()
    {
        var socket = await _listener.AcceptAsync().WaitAsync(TestDefaults.Timeout);
        socket.NoDelay = true;
        return socket;
    }

    public void Dispose() => _listener.Dispose();
}
