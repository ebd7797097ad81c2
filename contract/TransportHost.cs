namespace Transports.Contract;

/// <summary>Which server process speaks a transport.</summary>
public enum TransportHost
{
    /// <summary>Our own Kestrel host (servers/): counted at the socket by connection middleware.</summary>
    Kestrel,

    /// <summary>A Node server, for transports whose reference implementation is a Node library (socket.io, sockjs, ws).</summary>
    Node,
}
