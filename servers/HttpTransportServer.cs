using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// What every HTTP-hosted transport's server shares: its descriptor, a GET endpoint at the descriptor's path, and its
/// line in `serve`'s list. A server supplies <see cref="HandleAsync"/>.
/// </summary>
public abstract class HttpTransportServer(string transport, string usage, string exampleQuery = "") : IHttpTransportServer
{
    public TransportDescriptor Descriptor { get; } = TransportIds.Get(transport);

    public virtual IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet(Descriptor.Path!, HandleAsync);

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) => new(Descriptor.Id, Address(httpUri).ToString(), usage);

    public abstract Task HandleAsync(HttpContext context);

    /// <summary>Where a person points a client.</summary>
    protected virtual Uri Address(Uri httpUri) => new(httpUri, Descriptor.Path + exampleQuery);
}
