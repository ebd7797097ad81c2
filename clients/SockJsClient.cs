using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Our own client of the SockJS protocol (sockjs-protocol 0.3.3), behaving as sockjs-client does by default:
/// <list type="number">
/// <item><c>GET /sockjs/info?t=…</c> first (whether the server offers websocket, and the round trip that times each attempt);</item>
/// <item>then one session <c>/sockjs/{3 digits}/{8 characters}/{transport}</c> per attempt, in sockjs-client's order
/// websocket, xhr_streaming, xhr (polling), each attempt given <c>2 × rto</c> to answer the open frame <c>o</c>
/// (rto: 300 ms + the round trip, or 4 round trips above 100 ms) before the next is tried;</item>
/// <item>events arrive as <c>a["…"]</c> (several messages in one frame when they were waiting together), <c>h</c> is a
/// heartbeat, <c>c[code,"reason"]</c> ends the session; on the HTTP transports every frame ends with <c>\n</c>;</item>
/// <item>xhr_streaming's response opens with 2,048 <c>h</c> and a newline and ends after sockjs's 128 KiB
/// <c>response_limit</c>: the client opens another on the same session, losing nothing; xhr polls one frame per request;</item>
/// <item>upstream is <c>["…"]</c>: a WebSocket message, or the body of a POST to <c>xhr_send</c>.</item>
/// </list>
/// The resume cursor is <c>?cursor=N</c> on the request that opens the session (servers/node); the server's first
/// message is <c>{"cursor":N}</c>, the start position. A forced transport (<c>--sockjs-transport</c>) is tried alone.
/// </summary>
public sealed class SockJsClient : LibraryClient
{
    /// <summary>How many round trips sockjs-client gives each of these transports to open (their <c>roundTrips</c>).</summary>
    private const int OpenRoundTrips = 2;

    private static readonly string[] AutoOrder = [LibraryTransports.SockJsWebSocket, LibraryTransports.SockJsXhrStreaming, LibraryTransports.SockJsXhrPolling];

    private byte[] _scratch = new byte[1024];
    private CancellationTokenSource? _attempt;
    private volatile bool _opened;
    private volatile bool _closedByServer;

    public SockJsClient(ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(TransportIds.SockJs, connections, sink, options)
    {
    }

    /// <summary>
    /// No headers of an official client: sockjs-client runs in browsers only (no Node build to copy), so these requests
    /// carry .NET's own, or the scenario's header profile, as our bare transports' do.
    /// </summary>
    protected override IReadOnlyList<KeyValuePair<string, string>> OfficialHeaders(HttpRequestKind kind) => [];

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var frame = new ArrayBufferWriter<byte>(message.Length + 4);
        SockJsFrames.WriteSend(frame, message.Span);
        await SendFrameAsync(frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var auto = Options.SockJsTransport == LibraryTransports.Auto;
        var started = Stopwatch.GetTimestamp();
        var websocket = await GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var rtt = Stopwatch.GetElapsedTime(started);
        var rto = rtt > TimeSpan.FromMilliseconds(100) ? 4 * rtt : TimeSpan.FromMilliseconds(300) + rtt;
        string[] order = auto ? AutoOrder : [Options.SockJsTransport];
        for (var i = 0; i < order.Length; i++)
        {
            var transport = order[i];
            if (transport == LibraryTransports.SockJsWebSocket && !websocket && auto)
            {
                continue;
            }

            _opened = false;
            _closedByServer = false;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (auto && i < order.Length - 1)
            {
                // Stopped by the open frame (OnFrame); the last transport waits as long as it takes.
                attempt.CancelAfter(OpenRoundTrips * rto);
            }

            _attempt = attempt;
            try
            {
                NegotiatedTransport = transport;
                await RunSessionAsync(transport, NewSessionPath(), cursor, attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (auto && !_opened && i < order.Length - 1 && !cancellationToken.IsCancellationRequested
                && e is WebSocketException or IOException or HttpRequestException or InvalidDataException or OperationCanceledException)
            {
                // This transport did not open (refused, cut, or silent past its time): sockjs-client tries the next one.
                CountError();
            }
            finally
            {
                _attempt = null;
                Detach();
            }
        }
    }

    private Task RunSessionAsync(string transport, string session, long? cursor, CancellationToken cancellationToken)
    {
        var query = cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"?{TransportPaths.CursorQuery}={after}") : "";
        return transport switch
        {
            LibraryTransports.SockJsWebSocket => RunWebSocketAsync($"{session}/{SockJsFrames.WebSocketSegment}{query}", cancellationToken),
            LibraryTransports.SockJsXhrStreaming => RunXhrAsync(session, SockJsFrames.XhrStreamingSegment, query, cancellationToken),
            LibraryTransports.SockJsXhrPolling => RunXhrAsync(session, SockJsFrames.XhrPollingSegment, query, cancellationToken),
            _ => throw new InvalidOperationException($"sockjs: no transport '{transport}'"),
        };
    }

    /// <summary>GET /sockjs/info, as sockjs-client starts; whether the server offers websocket.</summary>
    private async Task<bool> GetInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"{SockJsFrames.Prefix}/info?t={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var info = JsonDocument.Parse(body);
            return !info.RootElement.TryGetProperty("websocket", out var websocket) || websocket.ValueKind != JsonValueKind.False;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("sockjs: /info is not JSON", e);
        }
    }

    private async Task RunWebSocketAsync(string url, CancellationToken cancellationToken)
    {
        var (socket, _) = await Connections.ConnectWebSocket(new WebSocketRequest(Connections.WebSocketUri(url)), cancellationToken).ConfigureAwait(false);
        using var _ = socket;
        using var reader = new WebSocketMessageReader(Options.MaxMessageBytes + 1024);
        while (await reader.ReceiveMessageAsync(socket, Transport, cancellationToken).ConfigureAwait(false) is { } read)
        {
            var frame = reader.Message(read);
            if (frame is [SockJsFrames.Open])
            {
                Attach(socket);
            }

            if (!OnFrame(frame, Stopwatch.GetTimestamp()))
            {
                return;
            }
        }
    }

    /// <summary>
    /// xhr_streaming and xhr (polling): POSTs on the session, each answering newline-ended frames; upstream by POST to
    /// xhr_send. A streaming response that ends (its response limit) or a poll answered is followed by the next request.
    /// </summary>
    private async Task RunXhrAsync(string session, string segment, string query, CancellationToken cancellationToken)
    {
        var sendUrl = $"{session}/{SockJsFrames.XhrSendSegment}";
        using var lines = new RecordBuffer(SockJsFrames.LineEnd, Options.MaxMessageBytes + SockJsFrames.StreamingPreludeBytes + 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // The cursor rides on the request that opens the session only (the server reads it from that one).
            var url = $"{session}/{segment}{query}";
            while (!_closedByServer)
            {
                using var content = new ByteArrayContent([]);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (!lines.Append(buffer.AsSpan(0, read), (this, sendUrl, Stopwatch.GetTimestamp()), static (line, state) => state.Item1.OnXhrFrame(line, state.sendUrl, state.Item3)))
                    {
                        return;
                    }
                }

                url = $"{session}/{segment}";
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool OnXhrFrame(ReadOnlySpan<byte> frame, string sendUrl, long receivedTimestamp)
    {
        if (frame is [SockJsFrames.Open])
        {
            Attach((packet, token) => new ValueTask(PostAsync(sendUrl, packet, token)), null);
        }

        return OnFrame(frame, receivedTimestamp);
    }

    /// <summary>Acts on one frame; false once the server closed the session.</summary>
    private bool OnFrame(ReadOnlySpan<byte> frame, long receivedTimestamp)
    {
        if (frame.IsEmpty)
        {
            return true;
        }

        switch (frame[0])
        {
            case SockJsFrames.Open:
                _opened = true;
                _attempt?.CancelAfter(Timeout.InfiniteTimeSpan);
                return true;
            case SockJsFrames.Messages:
                if (_scratch.Length < frame.Length)
                {
                    _scratch = new byte[frame.Length];
                }

                try
                {
                    SockJsFrames.ReadMessages(frame[1..], _scratch, message => OnMessage(message, receivedTimestamp));
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException("sockjs: a malformed a frame", e);
                }

                return true;
            case SockJsFrames.Close:
                _closedByServer = true;
                return false;
            default:
                // h: a heartbeat, or xhr_streaming's prelude of them.
                return true;
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message, long receivedTimestamp)
    {
        // Events start with base64url; the start position is the JSON object {"cursor":N}.
        if (message is [(byte)'{', ..])
        {
            Subscribed(ReadCursor(message));
            return;
        }

        Deliver(message, receivedTimestamp);
    }

    private static long ReadCursor(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("cursor"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                return reader.GetInt64();
            }
        }

        throw new InvalidDataException("sockjs: the start message carried no cursor");
    }

    /// <summary>A new session's path: a server id of three digits and a session id of eight characters, as sockjs-client draws them.</summary>
    private static string NewSessionPath()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz012345";
        Span<char> session = stackalloc char[8];
        for (var i = 0; i < session.Length; i++)
        {
            session[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return string.Create(CultureInfo.InvariantCulture, $"{SockJsFrames.Prefix}/{Random.Shared.Next(1000):000}/{session}");
    }
}
