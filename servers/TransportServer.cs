using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The one host: Kestrel on loopback with every HTTP and WebSocket endpoint on one port, again over TLS (HTTP/1.1 and
/// h2 by ALPN) and over plain HTTP/2 (h2c) on a port each, the raw TCP server on another, plain and TLS, and the control
/// plane on its own, all ports chosen by the OS unless given. The TLS certificate is made in memory at start-up.
/// Wire bytes are counted by connection middleware on every transport listener, below TLS.
/// </summary>
public sealed class TransportServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ServerWireStats _wire;

    private TransportServer(WebApplication app, X509Certificate2 certificate, ServerInfo info)
    {
        _app = app;
        _certificate = certificate;
        _wire = app.Services.GetRequiredService<ServerWireStats>();
        Info = info;
        HttpUri = new Uri(info.HttpUrl);
        TcpEndPoint = IPEndPoint.Parse(info.TcpEndPoint);
        ControlUri = new Uri(info.ControlUrl);
        HttpsUri = new Uri(info.HttpsUrl!);
        H2cUri = new Uri(info.H2cUrl!);
        TlsTcpEndPoint = IPEndPoint.Parse(info.TlsTcpEndPoint!);
    }

    /// <summary>Plain HTTP/1.1: every HTTP transport and the WebSocket upgrade.</summary>
    public Uri HttpUri { get; }

    public IPEndPoint TcpEndPoint { get; }

    public Uri ControlUri { get; }

    /// <summary>TLS: HTTP/1.1 or h2, as ALPN settles it (https, wss).</summary>
    public Uri HttpsUri { get; }

    /// <summary>Plain HTTP/2 with prior knowledge (h2c): Kestrel speaks h2c only on an HTTP/2-only listener.</summary>
    public Uri H2cUri { get; }

    /// <summary>The tcp floor over TLS.</summary>
    public IPEndPoint TlsTcpEndPoint { get; }

    /// <summary>Every address and the certificate's thumbprint, as GET /control/info and the READY line give them.</summary>
    public ServerInfo Info { get; }

    public IServiceProvider Services => _app.Services;

    public EventFeed Feed => Services.GetRequiredService<EventFeed>();

    public FeedPublisher Publisher => Services.GetRequiredService<FeedPublisher>();

    public ServerWireStats Wire => Services.GetRequiredService<ServerWireStats>();

    /// <summary>Every endpoint's URL, for people and other tools.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints => EndpointsAt(Info);

    /// <summary>Every endpoint's URL with the transports reached at other addresses, <paramref name="at"/>'s (e.g. an emulated path's relay in front of them).</summary>
    public IReadOnlyList<ServerEndpoint> EndpointsAt(ServerInfo at)
    {
        ArgumentNullException.ThrowIfNull(at);
        var httpUri = new Uri(at.HttpUrl);
        return
        [
            .. Services.GetServices<ITransportServer>()
                .OrderBy(server => TransportIds.OrderOf(server.Descriptor.Id))
                .Select(server => server.Describe(httpUri, IPEndPoint.Parse(at.TcpEndPoint))),
            new("publish", new Uri(httpUri, TransportPaths.Publish).ToString(), "POST one event message upstream"),
            new("page", new Uri(httpUri, TransportPaths.Page).ToString(), "the live page: every transport in a browser, side by side"),
            new("https", at.HttpsUrl ?? Info.HttpsUrl!, $"every HTTP transport over TLS (HTTP/1.1 or h2); self-signed, SHA-256 {Info.CertificateSha256}"),
            new("h2c", at.H2cUrl ?? Info.H2cUrl!, "every HTTP transport over HTTP/2 with prior knowledge (curl --http2-prior-knowledge)"),
            new("tcp+tls", $"tcp://{at.TlsTcpEndPoint ?? Info.TlsTcpEndPoint}", "the tcp floor over TLS"),
            new("control", new Uri(ControlUri, TransportPaths.Control + "/stats").ToString(), "control plane (not counted)"),
        ];
    }

    /// <summary>Starts the host on real sockets and returns once every listener is bound.</summary>
    public static async Task<TransportServer> StartAsync(TransportServerOptions options, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ControlAccess.Validate(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(logLevel);
        var wire = new ServerWireStats(options.TeardownCounts);
        var certificate = ServerCertificate.Create();
        ListenOptions? http = null, h2c = null, https = null, tcp = null, tlsTcp = null, control = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bytes are counted first on every transport listener, so below TLS: wire bytes, handshake included.
            kestrel.Listen(options.Address, options.HttpPort, listen =>
            {
                http = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(wire.Count);
            });
            kestrel.Listen(options.Address, options.H2cPort, listen =>
            {
                h2c = listen;
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(wire.Count);
            });
            kestrel.Listen(options.Address, options.HttpsPort, listen =>
            {
                https = listen;
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(wire.Count);
                listen.UseHttps(certificate);
            });
            kestrel.Listen(options.Address, options.TcpPort, listen =>
            {
                tcp = listen;
                listen.Use(wire.Count);
                listen.UseConnectionHandler<TcpServer>();
            });
            kestrel.Listen(options.Address, options.TlsTcpPort, listen =>
            {
                tlsTcp = listen;
                listen.Use(wire.Count);
                listen.UseHttps(certificate);
                listen.UseConnectionHandler<TcpServer>();
            });
            kestrel.Listen(options.ControlAddress, options.ControlPort, listen =>
            {
                control = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    connection.Features.Set(ControlPlane.Feature.Instance);
                    return next(connection);
                });
            });
        });
        AddServices(builder.Services, options, wire);
        var app = builder.Build();
        MapEndpoints(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            certificate.Dispose();
            throw;
        }

        var host = UriHost(options.Address);
        var info = new ServerInfo(
            $"http://{host}:{http!.IPEndPoint!.Port}/",
            new IPEndPoint(options.Address, tcp!.IPEndPoint!.Port).ToString(),
            $"http://{UriHost(options.ControlAddress)}:{control!.IPEndPoint!.Port}/")
        {
            HttpsUrl = $"https://{host}:{https!.IPEndPoint!.Port}/",
            H2cUrl = $"http://{host}:{h2c!.IPEndPoint!.Port}/",
            TlsTcpEndPoint = new IPEndPoint(options.Address, tlsTcp!.IPEndPoint!.Port).ToString(),
            CertificateSha256 = ServerCertificate.Thumbprint(certificate),
        };
        app.Services.GetRequiredService<ServerAddresses>().Info = info;
        return new TransportServer(app, certificate, info);
    }

    private static string UriHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>Registers the feed, the publisher and every transport server.</summary>
    public static void AddServices(IServiceCollection services, TransportServerOptions options, ServerWireStats? wire = null)
    {
        services.AddSingleton(options);
        if (wire is null)
        {
            services.AddSingleton<ServerWireStats>();
        }
        else
        {
            services.AddSingleton(wire);
        }
        services.AddSingleton<ServerAddresses>();
        services.AddSingleton<ScenarioWire>();
        services.AddSingleton<ControlAccess>();
        services.AddSingleton<EventFeed>();
        services.AddSingleton<FeedPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<FeedPublisher>());
        services.AddSingleton<UpstreamIngest>();
        services.AddSingleton<ConnectionIncidents>();
        services.AddSingleton<HttpCursor>();
        services.AddSingleton<BatchResponse>();
        services.AddSingleton<WriteCoalescing>();
        services.AddSingleton<StreamingSession>();
        services.AddSingleton<WebSocketServices>();
        services.AddSingleton<PublishEndpoint>();
        services.AddSingleton<ShardBarriers>();
        TransportServers.Add(services);
    }

    /// <summary>
    /// Maps every endpoint; transport and control requests are each refused on the other's port, and a control request
    /// without the token (when one is required) gets 401.
    /// </summary>
    public static void MapEndpoints(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<TransportServerOptions>();
        var wire = app.Services.GetRequiredService<ServerWireStats>();
        var scenarioWire = app.Services.GetRequiredService<ScenarioWire>();
        var incidents = app.Services.GetRequiredService<ConnectionIncidents>();
        var access = app.Services.GetRequiredService<ControlAccess>();
        app.Use(async (context, next) =>
        {
            var onControlPort = context.Features.Get<ControlPlane.Feature>() is not null;
            if (context.Request.Path.StartsWithSegments(TransportPaths.Control) != onControlPort)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (onControlPort && !access.Allows(context.Request))
            {
                ControlAccess.Challenge(context.Response);
                return;
            }

            if (!onControlPort)
            {
                wire.AddRequest();
                scenarioWire.ApplyResponseHeaders(context.Response);
                if (options.ExtraResponseHeaderBytes > 0)
                {
                    context.Response.Headers["X-Padding"] = new string('x', options.ExtraResponseHeaderBytes);
                }

                // A page from a foreign origin gets nothing: not a WebSocket (cross-site hijacking), not a stream or a
                // poll, not POST /publish (a simple cross-site POST needs no preflight, so CORS alone would not stop it).
                if (!OriginPolicy.Allows(context.Request, options.AllowedOrigins))
                {
                    await incidents.RefuseAsync(context, context.Request.Path, System.Net.HttpStatusCode.Forbidden, "origin not allowed").ConfigureAwait(false);
                    return;
                }

                // A listed origin: the CORS answer, or its preflight answered here.
                if (CorsPolicy.Apply(context, options.AllowedOrigins))
                {
                    return;
                }
            }

            await next(context).ConfigureAwait(false);
        });
        app.Use(CoalescingUpgrade.InstallAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        TransportServers.Map(app);
        app.MapPost(TransportPaths.Publish, context => context.RequestServices.GetRequiredService<PublishEndpoint>().HandleAsync(context));
        LivePage.Map(app);
        if (options.DemoControls)
        {
            DemoControls.Map(app);
        }

        ControlPlane.Map(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _wire.Dispose();
            _certificate.Dispose();
        }
    }
}
