using Transports.Contract;

namespace Transports.Clients;

/// <summary>Counts HTTP requests (the WebSocket handshake included) as the client sends them.</summary>
public sealed class RequestCountingHandler(WireCounter counter) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.AddRequest();
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.AddRequest();
        return base.Send(request, cancellationToken);
    }
}
