using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Real sockets built from one <see cref="ConnectionSettings"/>: the one place every client byte is counted. Each
/// socket is wrapped in a <see cref="CountingStream"/> below TLS (so counts are wire bytes, handshake and record
/// framing included) and registered with the <see cref="SocketLedger"/> for the kernel's segment counts. HttpClient
/// gets it through <see cref="SocketsHttpHandler.ConnectCallback"/>, ClientWebSocket through the same handler chain,
/// TCP directly (with an <see cref="SslStream"/> on top for TLS).
/// </summary>
public static class LoopbackConnections
{
    public static ClientConnections Create(Uri httpBase, IPEndPoint? tcpEndPoint, WireCounter counter) =>
        Create(httpBase, tcpEndPoint, counter, ConnectionSettings.Default);

    /// <param name="httpBase">The server's HTTP base for these settings: https with TLS, the h2c listener for plain HTTP/2.</param>
    /// <param name="tcpEndPoint">The server's TCP endpoint for these settings (its TLS one with TLS); null where there is none.</param>
    /// <param name="sockets">Where sockets are kept for their kernel counters; null: closed as soon as the client is done.</param>
    public static ClientConnections Create(Uri httpBase, IPEndPoint? tcpEndPoint, WireCounter counter, ConnectionSettings settings, SocketLedger? sockets = null)
    {
        ArgumentNullException.ThrowIfNull(httpBase);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Tls != (httpBase.Scheme == Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{httpBase} does not match TLS {OnOff.Of(settings.Tls)}", nameof(httpBase));
        }

        // One handshake handler per client, reused by every reconnect (a ClientWebSocket does not own it).
        var webSocketHandler = new Lazy<HttpMessageHandler>(() => CreateHandler(httpBase, counter, settings, sockets));
        return new ClientConnections
        {
            HttpBase = httpBase,
            CreateHttpHandler = () => CreateHandler(httpBase, counter, settings, sockets),
            ConnectWebSocket = async (request, cancellationToken) =>
            {
                var socket = new ClientWebSocket();
                if (request.SubProtocol is { } subProtocol)
                {
                    socket.Options.AddSubProtocol(subProtocol);
                }

                // No pings: they would cross the wire without the workload asking for them.
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                socket.Options.CollectHttpResponseDetails = true;
                socket.Options.HttpVersion = settings.HttpVersion;
                socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                if (settings.Compression != ContentCodings.None || request.OfferDeflate)
                {
                    // permessage-deflate with context takeover both ways (RFC 7692's defaults).
                    socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
                }

                foreach (var (name, value) in request.Headers)
                {
                    socket.Options.SetRequestHeader(name, value);
                }

                using var invoker = new HttpMessageInvoker(webSocketHandler.Value, disposeHandler: false);
                await socket.ConnectAsync(request.Uri, invoker, cancellationToken).ConfigureAwait(false);
                return new ConnectedWebSocket(socket, socket.HttpResponseHeaders);
            },
            ConnectTcp = tcpEndPoint is null ? null : async cancellationToken =>
            {
                var stream = await OpenAsync(tcpEndPoint, counter, sockets, splitHeads: false, cancellationToken).ConfigureAwait(false);
                if (!settings.Tls)
                {
                    return stream;
                }

                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsClientAsync(TlsOptions(tcpEndPoint.Address.ToString(), settings), cancellationToken).ConfigureAwait(false);
                    return tls;
                }
                catch
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
        };
    }

    private static RequestCountingHandler CreateHandler(Uri origin, WireCounter counter, ConnectionSettings settings, SocketLedger? sockets) => new(counter)
    {
        InnerHandler = new RequestHeadersHandler(settings, origin)
        {
            InnerHandler = new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                // Bodies are decoded by the clients, so the handler never rewrites Accept-Encoding's bytes.
                AutomaticDecompression = DecompressionMethods.None,
                // Without keep-alive on HTTP/2 (which has no Connection: close), no connection serves a second request.
                PooledConnectionLifetime = settings.KeepAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
                SslOptions = settings.Tls ? TlsOptions(origin.Host, settings) : new SslClientAuthenticationOptions(),
                ConnectCallback = (context, cancellationToken) =>
                {
                    // The request that opened a connection says so (a client tells a reconnect from a reused connection by it).
                    context.InitialRequestMessage.Options.Set(ClientConnections.OpenedConnection, true);
                    return OpenAsync(context.DnsEndPoint, counter, sockets, SplitsHeads(settings), cancellationToken);
                },
            },
        },
    };

    /// <summary>TLS trusting exactly the server's certificate (it is self-signed: no chain, no name to check).</summary>
    private static SslClientAuthenticationOptions TlsOptions(string host, ConnectionSettings settings)
    {
        var expected = settings.TrustedCertificateSha256;
        return new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(Thumbprint(certificate), expected, StringComparison.OrdinalIgnoreCase),
        };
    }

    public static string Thumbprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>
    /// Whether an HTTP connection's bytes at the socket are HTTP/1.1 text, whose heads can be told from bodies there:
    /// not under TLS (the socket sees records) nor HTTP/2 (frames, HPACK).
    /// </summary>
    public static bool SplitsHeads(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return !settings.Tls && !settings.IsHttp2;
    }

    /// <summary>A connected socket as a counted stream; the ledger (if any) keeps it for its kernel counters.</summary>
    private static async ValueTask<Stream> OpenAsync(EndPoint endPoint, WireCounter counter, SocketLedger? sockets, bool splitHeads, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        counter.AddConnection();
        var heads = splitHeads ? new HttpHeadSplitter(counter) : null;
        if (sockets is null)
        {
            return new CountingStream(new NetworkStream(socket, ownsSocket: true), counter, heads: heads);
        }

        sockets.Add(socket);
        return new CountingStream(new NetworkStream(socket, ownsSocket: false), counter, () => sockets.Release(socket), heads);
    }
}
