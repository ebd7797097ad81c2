using System.Net;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// A server's transport listeners (<see cref="ServerInfo"/>): plain HTTP/1.1 and TCP, and where the server has them,
/// HTTPS (HTTP/1.1 and h2 by ALPN), h2c and TCP over TLS. <see cref="Connect"/> picks the ones a client's
/// <see cref="ConnectionSettings"/> need.
/// </summary>
public sealed record ServerEndpoints(Uri Http, IPEndPoint? Tcp)
{
    public Uri? Https { get; init; }
    public Uri? H2c { get; init; }
    public IPEndPoint? TlsTcp { get; init; }

    public static ServerEndpoints From(ServerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(new Uri(info.HttpUrl), IPEndPoint.Parse(info.TcpEndPoint))
        {
            Https = info.HttpsUrl is { } https ? new Uri(https) : null,
            H2c = info.H2cUrl is { } h2c ? new Uri(h2c) : null,
            TlsTcp = info.TlsTcpEndPoint is { } tls ? IPEndPoint.Parse(tls) : null,
        };
    }

    /// <summary>Connections over the listeners <paramref name="settings"/> need; throws when the server has none of them.</summary>
    public ClientConnections Connect(WireCounter counter, ConnectionSettings settings, SocketLedger? sockets = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var http = settings.Tls ? Https : settings.IsHttp2 ? H2c : Http;
        if (http is null)
        {
            throw new InvalidOperationException($"the server has no listener for TLS {OnOff.Of(settings.Tls)}, HTTP/{settings.HttpVersion}");
        }

        return LoopbackConnections.Create(http, settings.Tls ? TlsTcp : Tcp, counter, settings, sockets);
    }
}
