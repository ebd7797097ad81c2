using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// ASP.NET Core SignalR (the shared framework's own server) at /signalr: negotiate, then WebSockets, Server-Sent
/// Events or long polling as the client chooses, JSON hub protocol. <see cref="EventHub"/> streams the feed to each
/// connection from its cursor. Library defaults stay (15 s keep-alive, 30 s client timeout, 90 s long poll); only the
/// largest upstream message follows the suite's limit.
/// </summary>
public sealed class SignalRServer : IHttpTransportServer
{
    /// <summary>Room for the invocation around the largest upstream message (target, brackets, quotes, escapes of padding are none).</summary>
    private const int EnvelopeBytes = 256;

    public TransportDescriptor Descriptor { get; } = TransportIds.Get(TransportIds.SignalR);

    public static void AddServices(IServiceCollection services)
    {
        services.AddSignalR();
        services.AddOptions<HubOptions>().Configure<TransportServerOptions>((hub, options) =>
        {
            hub.MaximumReceiveMessageSize = options.MaxUpstreamBytes + EnvelopeBytes;
            hub.EnableDetailedErrors = false;
        });
        services.AddSingleton<SignalRSessions>();
    }

    public IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<EventHub>(Descriptor.Path!, connection =>
        {
            connection.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            // No pings on the socket below the hub protocol: the hub's own keep-alive is the library's.
            connection.WebSockets.CloseTimeout = TimeSpan.FromSeconds(2);
        });

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) =>
        new(Descriptor.Id, new Uri(httpUri, Descriptor.Path).ToString(), "SignalR hub (JSON protocol); invocation 'event' per event, 'publish' upstream, ?cursor=N");
}
