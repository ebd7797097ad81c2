using System.Net.Sockets;
using Transports.Network;

namespace Transports.Tests.Network;

/// <summary>A target, a relay in front of it, and one connection through the relay: the client's socket and the server's.</summary>
public sealed class RelayedConnection : IAsyncDisposable
{
    private RelayedConnection(LoopbackTarget target, NetworkRelay relay, Socket client, Socket server) =>
        (Target, Relay, Client, Server) = (target, relay, client, server);

    public LoopbackTarget Target { get; }

    public NetworkRelay Relay { get; }

    public Socket Client { get; }

    public Socket Server { get; }

    public static async Task<RelayedConnection> OpenAsync(NetworkRelayOptions? options = null)
    {
        var target = new LoopbackTarget();
        var relay = new NetworkRelay([new RelayTarget(target.EndPoint)], options);
        await relay.StartAsync();
        var client = await SocketTestExtensions.ConnectAsync(relay.EndPointFor(target.EndPoint));
        var server = await target.AcceptAsync();
        return new RelayedConnection(target, relay, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        await Relay.DisposeAsync().AsTask().WaitAsync(TestDefaults.Timeout);
        Target.Dispose();
    }
}
