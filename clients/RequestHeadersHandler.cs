using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Shapes every request as <see cref="ConnectionSettings"/> say, below the clients and above the sockets: the HTTP
/// version (exactly), the profile's headers for the kind of request (a profile header replaces the client's own of the
/// same name), Connection: close without keep-alive, and an Accept-Encoding that allows the scenario's compression.
/// A client marks an EventSource request with <see cref="KindKey"/>; a WebSocket handshake is known by its
/// Sec-WebSocket-Version header; anything else is a fetch.
/// </summary>
public sealed class RequestHeadersHandler(ConnectionSettings settings, Uri origin) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<HttpRequestKind> KindKey = new("Transports.RequestKind");

    private const string KeepAliveHeader = "Keep-Alive";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Shape(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Shape(request);
        return base.Send(request, cancellationToken);
    }

    private void Shape(HttpRequestMessage request)
    {
        var kind = request.Headers.Contains("Sec-WebSocket-Version") ? HttpRequestKind.WebSocket
            : request.Options.TryGetValue(KindKey, out var marked) ? marked
            : HttpRequestKind.Fetch;
        if (kind != HttpRequestKind.WebSocket)
        {
            // A WebSocket handshake's version is ClientWebSocket's to set (an upgrade on 1.1, extended CONNECT on 2).
            request.Version = settings.HttpVersion;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        foreach (var (name, value) in settings.Profile.RequestHeaders(kind, origin))
        {
            if (!settings.KeepAlive && (IsConnection(name) || name.Equals(KeepAliveHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (!settings.KeepAlive && !settings.IsHttp2)
        {
            request.Headers.ConnectionClose = true;
        }

        if (kind != HttpRequestKind.WebSocket && settings.Compression != ContentCodings.None
            && ContentCodings.Choose(settings.Compression, request.Headers.NonValidated.TryGetValues("Accept-Encoding", out var accepted) ? accepted.ToString() : null) is null)
        {
            request.Headers.Remove("Accept-Encoding");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", settings.Compression);
        }
    }

    private static bool IsConnection(string name) => name.Equals("Connection", StringComparison.OrdinalIgnoreCase);
}
