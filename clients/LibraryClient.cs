using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// What our clients of a library's protocol share (SignalR, Socket.IO): one HttpClient, one sender at a time over
/// whichever transport the connection negotiated (swapped in and out as it changes), the transport's goodbye, and
/// the name of the transport negotiated. Each request carries the headers the official client's requests carry when
/// Node runs it (<see cref="OfficialHeaders"/>; the interop comparison holds our bytes to that client's within 5%),
/// and WebSocket handshakes offer permessage-deflate as Node's <c>ws</c> does.
/// </summary>
public abstract class LibraryClient : TransportClient, INegotiatingClient
{
    /// <summary>The Content-Type of an XHR/fetch send of a string, as both libraries' sends carry it.</summary>
    private const string TextPlain = "text/plain;charset=UTF-8";
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? _send;
    private Func<CancellationToken, Task<bool>>? _goodbye;
    private string? _negotiated;

    protected LibraryClient(string transport, ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(transport, sink, options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        Connections = connections;
        Http = new HttpClient(new OfficialHeadersHandler(this) { InnerHandler = connections.CreateHttpHandler() }, disposeHandler: true)
        {
            BaseAddress = connections.HttpBase,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string? NegotiatedTransport
    {
        get => Volatile.Read(ref _negotiated);
        protected set => Volatile.Write(ref _negotiated, value);
    }

    protected ClientConnections Connections { get; }

    protected HttpClient Http { get; }

    /// <summary>
    /// The headers the official client, run by Node, puts on a request of <paramref name="kind"/> beyond the request
    /// line, Host and a body's Content-Length and Content-Type. "Connection: close" closes the connection after the
    /// response. A header profile (<see cref="ConnectionSettings.Profile"/>) still replaces one of the same name.
    /// </summary>
    protected abstract IReadOnlyList<KeyValuePair<string, string>> OfficialHeaders(HttpRequestKind kind);

    /// <summary>A WebSocket handshake to <paramref name="relative"/> as the official client opens it.</summary>
    protected WebSocketRequest OfficialWebSocket(string relative) =>
        new(Connections.WebSocketUri(relative)) { Headers = OfficialHeaders(HttpRequestKind.WebSocket), OfferDeflate = true };

    /// <summary>Sends one frame over the current transport, alone; throws when none is attached.</summary>
    protected async Task SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var send = Volatile.Read(ref _send) ?? throw new InvalidOperationException($"{Transport}: not connected.");
            await send(frame, cancellationToken).ConfigureAwait(false);
            OnSent();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Runs <paramref name="action"/> with no send in progress (a transport switch that must not interleave).</summary>
    protected async Task WhileNotSendingAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Called after each frame sent (a keep-alive counts them).</summary>
    protected virtual void OnSent()
    {
    }

    /// <summary>Makes frames go out by <paramref name="send"/>; <paramref name="goodbye"/> starts the transport's close (true: the receive loop ends on the answer).</summary>
    protected void Attach(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, Func<CancellationToken, Task<bool>>? goodbye)
    {
        Volatile.Write(ref _send, send);
        Volatile.Write(ref _goodbye, goodbye);
    }

    /// <summary>Frames go out as text messages on <paramref name="socket"/>; the goodbye is its close handshake.</summary>
    protected void Attach(WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Attach(
            (frame, token) => socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, token),
            async token =>
            {
                if (socket.State != WebSocketState.Open)
                {
                    return false;
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, token).ConfigureAwait(false);
                return true;
            });
    }

    protected void Detach() => Attach(null!, null);

    /// <summary>
    /// POSTs one frame as text/plain, as the libraries' XHR sends do. <paramref name="written"/>, if given, completes once
    /// the request is on its way (its body handed to the connection), before the answer.
    /// </summary>
    protected async Task PostAsync(string url, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken, TaskCompletionSource? written = null)
    {
        using var content = new FrameContent(frame, written);
        content.Headers.TryAddWithoutValidation("Content-Type", TextPlain);
        using var response = await Http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    protected override async Task<bool> SayGoodbyeAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _goodbye) is { } goodbye && await goodbye(cancellationToken).ConfigureAwait(false);

    protected override ValueTask DisposeConnectionsAsync()
    {
        Detach();
        Http.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Puts <see cref="OfficialHeaders"/> on every request, by its kind (an EventSource request is marked so).</summary>
    private sealed class OfficialHeadersHandler(LibraryClient client) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var kind = request.Options.TryGetValue(RequestHeadersHandler.KindKey, out var marked) ? marked : HttpRequestKind.Fetch;
            foreach (var (name, value) in client.OfficialHeaders(kind))
            {
                if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.ConnectionClose = true;
                    continue;
                }

                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A frame as a request body that tells when it has been handed to the connection.</summary>
    private sealed class FrameContent(ReadOnlyMemory<byte> frame, TaskCompletionSource? written) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            written?.TrySetResult();
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = frame.Length;
            return true;
        }
    }
}
