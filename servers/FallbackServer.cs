using System.Net;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The fallback transport's server side is the websocket, sse and long-polling servers themselves: its clients try them
/// in that order at their own paths. Registered so `serve` lists it and the registry covers its descriptor.
/// </summary>
public sealed class FallbackServer : ITransportServer
{
    public TransportDescriptor Descriptor { get; } = TransportIds.Get(TransportIds.Fallback);

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) =>
        new(Descriptor.Id, new Uri(httpUri, TransportPaths.WebSocket).ToString(), $"a client's choice: {TransportPaths.WebSocket}, else {TransportPaths.Sse}, else {TransportPaths.LongPoll} (no server of its own)");
}
