using System.Net;
using Transports.Clients;
using Transports.Contract;
using Transports.Network;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// Where a server's endpoints are: its HTTP base, its TCP endpoint and its control plane, plus (null on a server that
/// has none) its TLS and h2c listeners (<see cref="Listeners"/>) and the thumbprint of the certificate clients trust.
/// </summary>
public sealed record ServerTarget(Uri HttpUri, IPEndPoint TcpEndPoint, Uri ControlUri)
{
    /// <summary>Every transport listener; by default the plain HTTP and TCP ones only.</summary>
    public ServerEndpoints Listeners { get; init; } = new(HttpUri, TcpEndPoint);

    public string? CertificateSha256 { get; init; }

    /// <summary>
    /// Every port a transport's client connects to (never the control plane's): what an emulated path stands in front
    /// of. HTTP and TCP first, then the TLS and h2c listeners where the server has them.
    /// </summary>
    public IReadOnlyList<IPEndPoint> EndPoints =>
    [
        EndPointOf(HttpUri),
        TcpEndPoint,
        .. (Listeners.Https is { } https ? [EndPointOf(https)] : Array.Empty<IPEndPoint>()),
        .. (Listeners.H2c is { } h2c ? [EndPointOf(h2c)] : Array.Empty<IPEndPoint>()),
        .. (Listeners.TlsTcp is { } tlsTcp ? [tlsTcp] : Array.Empty<IPEndPoint>()),
    ];

    public static ServerTarget From(ServerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var endpoints = ServerEndpoints.From(info);
        return new(endpoints.Http, endpoints.Tcp!, new Uri(info.ControlUrl)) { Listeners = endpoints, CertificateSha256 = info.CertificateSha256 };
    }

    public static ServerTarget From(Servers.TransportServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return From(server.Info);
    }

    /// <summary>Connections for one client of <paramref name="scenario"/>, over the listeners its wire settings need.</summary>
    public ClientConnections Connect(Scenario scenario, WireCounter counter, SocketLedger? sockets) =>
        Listeners.Connect(counter, Settings(scenario), sockets);

    /// <summary>The scenario's wire settings as the client applies them; a setting that does not concern the transport stays at its default.</summary>
    public ConnectionSettings Settings(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        bool Applies(ScenarioDimension dimension) => dimension.AppliesTo(scenario.Transport);
        return new ConnectionSettings
        {
            Profile = HeaderProfile.Get(Applies(ScenarioDimensions.ClientProfile) ? scenario.ClientProfile : ClientProfiles.Minimal),
            TrustedCertificateSha256 = OnOff.Parse(scenario.Tls)
                ? CertificateSha256 ?? throw new InvalidOperationException("the server announced no TLS certificate")
                : null,
            HttpVersion = HttpVersions.Parse(Applies(ScenarioDimensions.HttpVersion) ? scenario.HttpVersion : HttpVersions.Http11),
            KeepAlive = !Applies(ScenarioDimensions.KeepAlive) || OnOff.Parse(scenario.KeepAlive),
            Compression = Applies(ScenarioDimensions.Compression) ? scenario.Compression : ContentCodings.None,
        };
    }

    /// <summary>The same server reached through <paramref name="relay"/>: every transport port swapped for the relay's; the control plane stays direct.</summary>
    public ServerTarget Through(NetworkRelay relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var http = relay.UriFor(HttpUri);
        var tcp = relay.EndPointFor(TcpEndPoint);
        return this with
        {
            HttpUri = http,
            TcpEndPoint = tcp,
            Listeners = new ServerEndpoints(http, tcp)
            {
                Https = Listeners.Https is { } https ? relay.UriFor(https) : null,
                H2c = Listeners.H2c is { } h2c ? relay.UriFor(h2c) : null,
                TlsTcp = Listeners.TlsTcp is { } tlsTcp ? relay.EndPointFor(tlsTcp) : null,
            },
        };
    }

    /// <summary>
    /// The relay stage <paramref name="proxy"/> puts on each connection: its HTTP modes on the plain HTTP port only (TLS and
    /// the tcp floor carry nothing they can read; h2c is refused with them by the plan), an idle cut on every port.
    /// </summary>
    public Func<RelayConnectionInfo, IRelayStage?>? ProxyStage(ProxyMode proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var http = EndPointOf(HttpUri);
        return proxy.StageFactory(route => route.Target.Equals(http));
    }

    private static IPEndPoint EndPointOf(Uri uri) => new(IPAddress.Parse(uri.IdnHost), uri.Port);
}
