using System.Net;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// Where a server's endpoints are: its HTTP base, its TCP endpoint and its control plane, and (null on a server that
/// has none) its TLS listeners, its h2c listener and the thumbprint of the certificate clients trust.
/// </summary>
public sealed record ServerTarget(Uri HttpUri, IPEndPoint TcpEndPoint, Uri ControlUri)
{
    public Uri? HttpsUri { get; init; }
    public Uri? H2cUri { get; init; }
    public IPEndPoint? TlsTcpEndPoint { get; init; }
    public string? CertificateSha256 { get; init; }

    public static ServerTarget From(ServerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(new Uri(info.HttpUrl), IPEndPoint.Parse(info.TcpEndPoint), new Uri(info.ControlUrl))
        {
            HttpsUri = info.HttpsUrl is { } https ? new Uri(https) : null,
            H2cUri = info.H2cUrl is { } h2c ? new Uri(h2c) : null,
            TlsTcpEndPoint = info.TlsTcpEndPoint is { } tls ? IPEndPoint.Parse(tls) : null,
            CertificateSha256 = info.CertificateSha256,
        };
    }

    public static ServerTarget From(Servers.TransportServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return From(server.Info);
    }

    /// <summary>
    /// Connections for one client of <paramref name="scenario"/>: its wire settings (those that concern the transport)
    /// and the listeners that serve them. Throws when this server has no listener for them.
    /// </summary>
    public ClientConnections Connect(Scenario scenario, WireCounter counter, SocketLedger? sockets)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var settings = Settings(scenario);
        var http = settings.Tls ? HttpsUri : settings.IsHttp2 ? H2cUri : HttpUri;
        var tcp = settings.Tls ? TlsTcpEndPoint : TcpEndPoint;
        if (http is null || (tcp is null && scenario.Transport == TransportIds.Tcp))
        {
            throw new InvalidOperationException($"the server has no listener for TLS {scenario.Tls}, HTTP/{scenario.HttpVersion}");
        }

        return LoopbackConnections.Create(http, tcp, counter, settings, sockets);
    }

    /// <summary>The scenario's wire settings as the client applies them; a setting that does not concern the transport stays at its default.</summary>
    public ConnectionSettings Settings(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var applies = (Results.ScenarioDimension d) => d.AppliesTo(scenario.Transport);
        return new ConnectionSettings
        {
            Profile = HeaderProfile.Get(applies(Results.ScenarioDimensions.ClientProfile) ? scenario.ClientProfile : ClientProfiles.Minimal),
            TrustedCertificateSha256 = OnOff.Parse(scenario.Tls)
                ? CertificateSha256 ?? throw new InvalidOperationException("the server announced no TLS certificate")
                : null,
            HttpVersion = HttpVersions.Parse(applies(Results.ScenarioDimensions.HttpVersion) ? scenario.HttpVersion : HttpVersions.Http11),
            KeepAlive = !applies(Results.ScenarioDimensions.KeepAlive) || OnOff.Parse(scenario.KeepAlive),
            Compression = applies(Results.ScenarioDimensions.Compression) ? scenario.Compression : ContentCodings.None,
        };
    }
}
