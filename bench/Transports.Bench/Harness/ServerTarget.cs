using System.Net;

namespace Transports.Bench.Harness;

/// <summary>Where a server's endpoints are: its HTTP base, its TCP endpoint and its control plane.</summary>
public sealed record ServerTarget(Uri HttpUri, IPEndPoint TcpEndPoint, Uri ControlUri)
{
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
}
