using System.Net;
using Transports.Network;

namespace Transports.Bench.Harness;

/// <summary>Where a server's endpoints are: its HTTP base, its TCP endpoint and its control plane.</summary>
public sealed record ServerTarget(Uri HttpUri, IPEndPoint TcpEndPoint, Uri ControlUri)
{
    /// <summary>Every port a transport's client connects to (never the control plane's): what an emulated path stands in front of.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => [new IPEndPoint(IPAddress.Parse(HttpUri.IdnHost), HttpUri.Port), TcpEndPoint];

    public static ServerTarget From(Contract.ServerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(new Uri(info.HttpUrl), IPEndPoint.Parse(info.TcpEndPoint), new Uri(info.ControlUrl));
    }

    public static ServerTarget From(Servers.TransportServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new(server.HttpUri, server.TcpEndPoint, server.ControlUri);
    }

    /// <summary>The same server reached through <paramref name="relay"/>: every transport port swapped for the relay's; the control plane stays direct.</summary>
    public ServerTarget Through(NetworkRelay relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return this with { HttpUri = relay.UriFor(HttpUri), TcpEndPoint = relay.EndPointFor(TcpEndPoint) };
    }
}
