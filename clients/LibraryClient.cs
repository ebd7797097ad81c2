using System.Net.Http.Headers;
using System.Net.WebSockets;

namespace Transports.Clients;

/// <summary>
/// What our clients of a library's protocol share (SignalR, Socket.IO): one HttpClient, one sender at a time over
/// whichever transport the connection negotiated (swapped in and out as it changes), the transport's goodbye, and
/// the name of the transport negotiated.
/// </summary>
public abstract class LibraryClient : TransportClient, INegotiatingClient
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "UTF-8" };
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? _send;
    private Func<CancellationToken, Task<bool>>? _goodbye;
    private string? _negotiated;

    protected LibraryClient(string transport, ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(transport, sink, options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        Connections = connections;
        Http = new HttpClient(connections.CreateHttpHandler(), disposeHandler: true)
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

    /// <summary>POSTs one frame as text/plain, as the libraries' XHR sends do.</summary>
    protected async Task PostAsync(string url, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(frame);
        content.Headers.ContentType = TextPlain;
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
}
