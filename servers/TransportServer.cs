using System.Net;
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
/// The one host: Kestrel on loopback with every HTTP and WebSocket endpoint on one port, the raw TCP server on
/// a second and the control plane on a third, all ports chosen by the OS unless given. Wire bytes are counted
/// by connection middleware on the first two.
/// </summary>
public sealed class TransportServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TransportServer(WebApplication app, Uri httpUri, IPEndPoint tcpEndPoint, Uri controlUri)
    {
        _app = app;
        HttpUri = httpUri;
        TcpEndPoint = tcpEndPoint;
        ControlUri = controlUri;
    }

    public Uri HttpUri { get; }

    public IPEndPoint TcpEndPoint { get; }

    public Uri ControlUri { get; }

    public IServiceProvider Services => _app.Services;

    public EventFeed Feed => Services.GetRequiredService<EventFeed>();

    public FeedPublisher Publisher => Services.GetRequiredService<FeedPublisher>();

    public ServerWireStats Wire => Services.GetRequiredService<ServerWireStats>();

    /// <summary>Every endpoint's URL, for people and other tools.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints => EndpointsAt(HttpUri, TcpEndPoint);

    /// <summary>Every endpoint's URL with the transports reached at other addresses (e.g. an emulated path's relay in front of them).</summary>
    public IReadOnlyList<ServerEndpoint> EndpointsAt(Uri httpUri, IPEndPoint tcpEndPoint) =>
    [
        .. Services.GetServices<ITransportServer>()
            .OrderBy(server => TransportIds.OrderOf(server.Descriptor.Id))
            .Select(server => server.Describe(httpUri, tcpEndPoint)),
        new("publish", new Uri(httpUri, TransportPaths.Publish).ToString(), "POST one event message upstream"),
        new("control", new Uri(ControlUri, TransportPaths.Control + "/stats").ToString(), "control plane (not counted)"),
    ];

    /// <summary>Starts the host on real sockets and returns once every listener is bound.</summary>
    public static async Task<TransportServer> StartAsync(TransportServerOptions options, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ControlAccess.Validate(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(logLevel);
        var wire = new ServerWireStats();
        ListenOptions? http = null;
        ListenOptions? tcp = null;
        ListenOptions? control = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.HttpPort, listen =>
            {
                http = listen;
                listen.Use(wire.Count);
            });
            kestrel.Listen(options.Address, options.TcpPort, listen =>
            {
                tcp = listen;
                listen.Use(wire.Count);
                listen.UseConnectionHandler<TcpServer>();
            });
            kestrel.Listen(options.ControlAddress, options.ControlPort, listen =>
            {
                control = listen;
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
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var server = new TransportServer(
            app,
            new Uri($"http://{UriHost(options.Address)}:{http!.IPEndPoint!.Port}/"),
            new IPEndPoint(options.Address, tcp!.IPEndPoint!.Port),
            new Uri($"http://{UriHost(options.ControlAddress)}:{control!.IPEndPoint!.Port}/"));
        app.Services.GetRequiredService<ServerAddresses>().Info = new ServerInfo(server.HttpUri.ToString(), server.TcpEndPoint.ToString(), server.ControlUri.ToString());
        return server;
    }

    private static string UriHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>Registers the feed, the publisher and every transport server.</summary>
    public static void AddServices(IServiceCollection services, TransportServerOptions options, ServerWireStats? wire = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(wire ?? new ServerWireStats());
        services.AddSingleton<ServerAddresses>();
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
                if (options.ExtraResponseHeaderBytes > 0)
                {
                    context.Response.Headers["X-Padding"] = new string('x', options.ExtraResponseHeaderBytes);
                }

                // A page from a foreign origin gets nothing: not a WebSocket (cross-site hijacking), not a stream or a
                // poll, not POST /publish (a simple cross-site POST needs no preflight, so CORS alone would not stop it).
                if (!OriginPolicy.Allows(context.Request.Headers.Origin.ToString(), options.AllowedOrigins))
                {
                    await incidents.RefuseAsync(context, context.Request.Path, System.Net.HttpStatusCode.Forbidden, "origin not allowed").ConfigureAwait(false);
                    return;
                }
            }

            await next(context).ConfigureAwait(false);
        });
        app.Use(CoalescingUpgrade.InstallAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        TransportServers.Map(app);
        app.MapPost(TransportPaths.Publish, context => context.RequestServices.GetRequiredService<PublishEndpoint>().HandleAsync(context));
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
        }
    }
}
