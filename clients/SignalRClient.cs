using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Our own minimal client of SignalR's JSON hub protocol, as @microsoft/signalr behaves
/// (dotnet/aspnetcore src/SignalR/docs/specs/TransportProtocols.md, HubProtocol.md):
/// <list type="number">
/// <item><c>POST /signalr/negotiate?negotiateVersion=1</c> gives a connection token and the transports on offer;</item>
/// <item>the transport connects with <c>?id={token}</c>: a WebSocket; or an SSE GET, or a first long poll (answered at once), with sends by POST;</item>
/// <item>the handshake <c>{"protocol":"json","version":1}</c> is answered by <c>{}</c>;</item>
/// <item>the hub invokes <c>cursor</c> (the subscription's start), then <c>event</c> per event; upstream is a non-blocking <c>publish</c>.</item>
/// </list>
/// In <c>auto</c> it tries WebSockets, then Server-Sent Events, then long polling, negotiating again before each
/// (as the official client falls back); a transport that fails before the handshake is answered costs only its bytes.
/// As the official client: a ping right after the handshake, then one whenever <see cref="ClientOptions.SignalRKeepAlive"/>
/// passes without a send, except over long polling, whose polls keep the connection alive (no pings at all); long polls
/// carry the cache-busting <c>_=</c> (milliseconds since 1970); requests carry the headers @microsoft/signalr's carry in Node.
/// The server's close message (type 7) ends the connection; it is then resumed from the cursor like any drop.
/// </summary>
public sealed class SignalRClient : LibraryClient
{
    private static readonly string[] FallbackOrder = [SignalRTransportNames.WebSockets, SignalRTransportNames.ServerSentEvents, SignalRTransportNames.LongPolling];
    /// <summary>What @microsoft/signalr's User-Agent says (Microsoft SignalR/10.0 (10.0.11; Linux; NodeJS; 20.20.2)), in its shape, for this client.</summary>
    private static readonly string UserAgent =
        $"Transports SignalR/10.0 ({typeof(SignalRClient).Assembly.GetName().Version?.ToString(3)}; {(OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "Linux")}; .NET; {Environment.Version})";

    /// <summary>fetch's requests in Node (undici) as @microsoft/signalr 10 sends them: its own two headers, its cache: "no-cache", undici's defaults.</summary>
    private static readonly KeyValuePair<string, string>[] FetchHeaders =
    [
        new("Connection", "keep-alive"),
        new("X-Requested-With", "XMLHttpRequest"),
        new("User-Agent", UserAgent),
        new("Accept", "*/*"),
        new("Accept-Language", "*"),
        new("Sec-Fetch-Mode", "cors"),
        new("Cache-Control", "max-age=0"),
        new("Accept-Encoding", "gzip, deflate"),
    ];

    /// <summary>The eventsource package's request, with @microsoft/signalr's User-Agent.</summary>
    private static readonly KeyValuePair<string, string>[] EventSourceHeaders =
    [
        new("Cache-Control", "no-cache"),
        new("Accept", "text/event-stream"),
        new("User-Agent", UserAgent),
        new("Connection", "keep-alive"),
    ];

    /// <summary>ws's handshake, with @microsoft/signalr's User-Agent (the permessage-deflate offer is ws's own).</summary>
    private static readonly KeyValuePair<string, string>[] WebSocketHeaders = [new("User-Agent", UserAgent)];

    private long _sends;
    private HubConnectionState? _connection;
    private byte[] _scratch = new byte[1024];


    public SignalRClient(ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(TransportIds.SignalR, connections, sink, options)
    {
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var frame = new ArrayBufferWriter<byte>(message.Length + SignalRFrames.InvocationOverhead(SignalRFrames.PublishTarget));
        SignalRFrames.WriteInvocation(frame, SignalRFrames.PublishTarget, message.Span);
        await SendFrameAsync(frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override IReadOnlyList<KeyValuePair<string, string>> OfficialHeaders(HttpRequestKind kind) => kind switch
    {
        HttpRequestKind.EventSource => EventSourceHeaders,
        HttpRequestKind.WebSocket => WebSocketHeaders,
        _ => FetchHeaders,
    };

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var order = Options.SignalRTransport == LibraryTransports.Auto ? FallbackOrder : [Options.SignalRTransport];
        var query = cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"&{TransportPaths.CursorQuery}={after}") : "";
        Exception? failed = null;
        foreach (var transport in order)
        {
            var negotiation = await NegotiateAsync(query, cancellationToken).ConfigureAwait(false);
            if (!negotiation.Offers(transport))
            {
                continue;
            }

            var connection = new HubConnectionState();
            Volatile.Write(ref _connection, connection);
            try
            {
                NegotiatedTransport = transport;
                var url = $"{TransportPaths.SignalR}?id={Uri.EscapeDataString(negotiation.Token)}{query}";
                var run = transport switch
                {
                    SignalRTransportNames.WebSockets => RunWebSocketAsync(url, connection, cancellationToken),
                    SignalRTransportNames.ServerSentEvents => RunServerSentEventsAsync(url, connection, cancellationToken),
                    _ => RunLongPollingAsync(url, connection, cancellationToken),
                };
                await run.ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!connection.HandshakeDone && !cancellationToken.IsCancellationRequested && e is HttpRequestException or WebSocketException or IOException or InvalidDataException)
            {
                // This transport did not get through (a proxy refused the upgrade, say): the next one is tried.
                CountError();
                failed = e;
            }
            finally
            {
                Detach();
            }
        }

        throw failed ?? new HttpRequestException($"signalr: the server offers none of {string.Join(", ", order)}");
    }


    private async Task<Negotiation> NegotiateAsync(string query, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent([]);
        using var response = await Http.PostAsync($"{TransportPaths.SignalR}/negotiate?negotiateVersion=1{query}", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return Negotiation.Parse(await ContentDecoding.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false));
    }

    private async Task RunWebSocketAsync(string url, HubConnectionState connection, CancellationToken cancellationToken)
    {
        var (socket, _) = await Connections.ConnectWebSocket(OfficialWebSocket(url), cancellationToken).ConfigureAwait(false);
        using var _ = socket;
        Attach(socket);
        await SendFrameAsync(SignalRFrames.Handshake, cancellationToken).ConfigureAwait(false);
        using var reader = new WebSocketMessageReader(Options.MaxMessageBytes + 1024);
        using var records = new RecordBuffer(SignalRFrames.RecordSeparator, Options.MaxMessageBytes + 1024);
        using var keepAlive = KeepAlive(connection, cancellationToken);
        while (true)
        {
            var read = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            switch (read.Status)
            {
                case WebSocketReadStatus.Closed:
                    return;
                case WebSocketReadStatus.TooBig:
                    throw new InvalidDataException($"signalr: message larger than {Options.MaxMessageBytes} bytes.");
            }

            if (!records.Append(reader.Message(read), (this, connection, Stopwatch.GetTimestamp()), static (record, state) => state.Item1.OnRecord(record, state.connection, state.Item3)))
            {
                return;
            }
        }
    }

    private async Task RunServerSentEventsAsync(string url, HubConnectionState connection, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(RequestHeadersHandler.KindKey, HttpRequestKind.EventSource);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidDataException($"signalr: expected text/event-stream, got {response.Content.Headers.ContentType}.");
        }

        Attach((frame, token) => new ValueTask(PostAsync(url, frame, token)), null);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await SendFrameAsync(SignalRFrames.Handshake, cancellationToken).ConfigureAwait(false);
        using var records = new RecordBuffer(SignalRFrames.RecordSeparator, Options.MaxMessageBytes + 1024);
        using var keepAlive = KeepAlive(connection, cancellationToken);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parser = SseParser.Create(stream, (_, data) =>
        {
            if (!records.Append(data, (this, connection, Stopwatch.GetTimestamp()), static (record, state) => state.Item1.OnRecord(record, state.connection, state.Item3)))
            {
                ended.Cancel();
            }

            return true;
        });
        try
        {
            await foreach (var _ in parser.EnumerateAsync(ended.Token).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The server's close message: the connection ends here.
        }
    }

    private async Task RunLongPollingAsync(string url, HubConnectionState connection, CancellationToken cancellationToken)
    {
        // The first poll is answered at once: it tells the client the connection exists. Each poll has its own _=.
        using (var first = await Http.GetAsync(Poll(url), cancellationToken).ConfigureAwait(false))
        {
            first.EnsureSuccessStatusCode();
        }

        Attach(
            (frame, token) => new ValueTask(PostAsync(url, frame, token)),
            async token =>
            {
                using var deleted = await Http.DeleteAsync(url, token).ConfigureAwait(false);
                return true;
            });
        // The poll loop runs before the handshake goes out, as the official client's: the handshake's POST takes a connection of its own.
        var polling = PollAsync(url, connection, cancellationToken);
        await SendFrameAsync(SignalRFrames.Handshake, cancellationToken).ConfigureAwait(false);
        _ = connection.HandshakeAnswered.ContinueWith(_ => connection.Pinged(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await polling.ConfigureAwait(false);
    }

    private async Task PollAsync(string url, HubConnectionState connection, CancellationToken cancellationToken)
    {
        using var records = new RecordBuffer(SignalRFrames.RecordSeparator, Options.MaxMessageBytes + 1024);
        while (true)
        {
            using var response = await Http.GetAsync(Poll(url), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return;
            }

            response.EnsureSuccessStatusCode();
            var body = await ContentDecoding.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (!records.Append(body, (this, connection, Stopwatch.GetTimestamp()), static (record, state) => state.Item1.OnRecord(record, state.connection, state.Item3)))
            {
                return;
            }
        }
    }

    private string Poll(string url) => string.Create(CultureInfo.InvariantCulture, $"{url}&_={Options.Time.GetUtcNow().ToUnixTimeMilliseconds()}");

    /// <summary>Acts on one record; false when the server closed the connection.</summary>
    private bool OnRecord(ReadOnlySpan<byte> record, HubConnectionState connection, long receivedTimestamp)
    {
        if (_scratch.Length < record.Length)
        {
            _scratch = new byte[Math.Max(record.Length, _scratch.Length * 2)];
        }

        HubRecord message;
        try
        {
            message = SignalRFrames.Read(record, _scratch);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("signalr: a record is not valid JSON", e);
        }

        if (!connection.HandshakeDone)
        {
            if (message.Error is { } refused)
            {
                throw new InvalidDataException($"signalr: the handshake was refused ({refused})");
            }

            connection.Handshaken();
            return true;
        }

        switch (message.Type)
        {
            case SignalRFrames.Invocation when message.Target == SignalRFrames.EventTarget:
                Deliver(message.Argument, receivedTimestamp);
                return true;
            case SignalRFrames.Invocation when message.Target == SignalRFrames.CursorTarget:
                Subscribed(message.Number ?? throw new InvalidDataException("signalr: the cursor invocation carried no number"));
                return true;
            case SignalRFrames.Close:
                return false;
            default:
                // Pings and anything else the protocol may add keep the connection alive and mean nothing here.
                return true;
        }
    }


    /// <summary>
    /// Completes once the current connection's first ping has gone out (over SSE and long polling: its POST answered)
    /// and, over long polling, which sends none, once the handshake is answered: no setup bytes are on the way after it.
    /// </summary>
    internal Task SetUp => Volatile.Read(ref _connection)?.SetUp ?? Task.CompletedTask;

    protected override void OnSent() => Interlocked.Increment(ref _sends);

    /// <summary>Sends a ping once the handshake is answered, then whenever a keep-alive interval passes with nothing sent, until the connection ends.</summary>
    private KeepAliveScope KeepAlive(HubConnectionState connection, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = PingAsync(stop.Token);
        return new KeepAliveScope(stop);

        async Task PingAsync(CancellationToken token)
        {
            try
            {
                await connection.HandshakeAnswered.WaitAsync(token).ConfigureAwait(false);
                await SendFrameAsync(SignalRFrames.PingMessage, token).ConfigureAwait(false);
                connection.Pinged();
                while (true)
                {
                    var sent = Interlocked.Read(ref _sends);
                    await Task.Delay(Options.SignalRKeepAlive, Options.Time, token).ConfigureAwait(false);
                    if (Interlocked.Read(ref _sends) == sent)
                    {
                        await SendFrameAsync(SignalRFrames.PingMessage, token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The connection ended.
            }
            catch (Exception e) when (e is HttpRequestException or WebSocketException or IOException or InvalidOperationException)
            {
                // The receive loop sees the same failure and resumes; a ping that failed is one error more.
                CountError();
            }
        }
    }

    /// <summary>Stops the ping loop when the connection ends (cancelled, not merely disposed: its timer must go).</summary>
    private sealed class KeepAliveScope(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    /// <summary>What one connection attempt has reached.</summary>
    private sealed class HubConnectionState
    {
        private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool HandshakeDone => _answered.Task.IsCompleted;

        public Task HandshakeAnswered => _answered.Task;

        private readonly TaskCompletionSource _pinged = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SetUp => _pinged.Task;

        public void Handshaken() => _answered.TrySetResult();

        public void Pinged() => _pinged.TrySetResult();
    }

    /// <summary>The negotiate answer: the token to connect with and the transports on offer.</summary>
    private sealed record Negotiation(string Token, IReadOnlyList<string> Transports)
    {
        public bool Offers(string transport) => Transports.Contains(SignalRTransportNames.WireName(transport), StringComparer.Ordinal);

        public static Negotiation Parse(byte[] body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.TryGetProperty("error", out var error))
                {
                    throw new HttpRequestException($"signalr: negotiate refused ({error})");
                }

                var token = root.TryGetProperty("connectionToken", out var t) ? t.GetString() : root.GetProperty("connectionId").GetString();
                var transports = root.GetProperty("availableTransports").EnumerateArray().Select(a => a.GetProperty("transport").GetString() ?? "").ToList();
                return new Negotiation(token ?? throw new InvalidDataException("signalr: negotiate gave no connection token"), transports);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException("signalr: a malformed negotiate answer", e);
            }
        }
    }
}
