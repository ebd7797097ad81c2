using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// One transport's server, registered in <see cref="TransportServers"/>: the descriptor it serves and how a person
/// reaches it. HTTP-hosted servers also map their endpoint (<see cref="IHttpTransportServer"/>); the tcp floor has
/// a listener of its own instead.
/// </summary>
public interface ITransportServer
{
    TransportDescriptor Descriptor { get; }

    /// <summary>Its address and a line on how to use it, for `serve` to print.</summary>
    ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint);
}

/// <summary>A transport served on the shared HTTP port, at its descriptor's path.</summary>
public interface IHttpTransportServer : ITransportServer
{
    IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints);
}

/// <summary>One endpoint of a running server.</summary>
public sealed record ServerEndpoint(string Name, string Url, string Description);
