using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Transports.Servers;

/// <summary>
/// The one place a transport's server is registered (the twin of the clients' TransportClients): one line per
/// server. Everything else (mapping, the endpoint list, the coverage test) reads the registered servers.
/// </summary>
public static class TransportServers
{
    public static void Add(IServiceCollection services)
    {
        Add<PollingServer>(services);
        Add<LongPollingServer>(services);
        Add<SseServer>(services);
        Add<WebSocketServer>(services);
        Add<StompServer>(services);
        Add<TcpServer>(services);
        Add<SignalRServer>(services);
        Add<FallbackServer>(services);
        SignalRServer.AddServices(services);
    }

    /// <summary>Maps every HTTP-hosted server's endpoint at its descriptor's path.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var server in endpoints.ServiceProvider.GetServices<ITransportServer>().OfType<IHttpTransportServer>())
        {
            server.Map(endpoints);
        }
    }

    private static void Add<TServer>(IServiceCollection services)
        where TServer : class, ITransportServer
    {
        services.AddSingleton<TServer>();
        services.AddSingleton<ITransportServer>(provider => provider.GetRequiredService<TServer>());
    }
}
