using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Our own Engine.IO 4 / Socket.IO 4 client (engine.io-protocol v4, socket.io-protocol v5), behaving as
/// socket.io-client does by default:
/// <list type="number">
/// <item><c>GET /socket.io/?EIO=4&amp;transport=polling&amp;t=…</c> answers the open packet <c>0{"sid":…,"upgrades":["websocket"],…}</c>;</item>
/// <item>the namespace connect <c>40{"cursor":N}</c> goes by POST while polling runs (GETs, each answering 0x1E-joined packets);</item>
/// <item>the upgrade: a WebSocket with the sid, <c>2probe</c> answered by <c>3probe</c>; polling pauses (the server ends the
/// pending GET with a noop <c>6</c>), then <c>5</c>, and every packet after goes over the WebSocket, one per message;</item>
/// <item>the server's <c>2</c> pings are answered with <c>3</c>; events are <c>42["event","…"]</c>, the start position <c>42["cursor",N]</c>.</item>
/// </list>
/// If the probe fails (a proxy refused the upgrade) the client stays on polling, as the library does.
/// <c>websocket</c> opens the WebSocket directly; <c>polling</c> never upgrades.
/// Requests look like socket.io-client's in Node: its XMLHttpRequest (xmlhttprequest-ssl) sends <c>User-Agent:
/// node-XMLHttpRequest</c>, <c>Accept: */*</c> and <c>Connection: close</c>, so each poll and send has a connection of its
/// own; its WebSocket (ws) offers permessage-deflate.
/// </summary>
public sealed class SocketIoClient : LibraryClient
{
    private static readonly byte[] PongPacket = "3"u8.ToArray();
    private static readonly byte[] ProbePacket = "2probe"u8.ToArray();
    private static readonly byte[] UpgradePacket = "5"u8.ToArray();

    private static readonly KeyValuePair<string, string>[] XhrHeaders =
    [
        new("User-Agent", "node-XMLHttpRequest"),
        new("Accept", "*/*"),
        new("Connection", "close"),
    ];

    private byte[] _scratch = new byte[1024];


    public SocketIoClient(ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(TransportIds.SocketIo, connections, sink, options)
    {
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var packet = new ArrayBufferWriter<byte>(message.Length + SocketIoPackets.EventOverhead(SocketIoPackets.PublishName));
        SocketIoPackets.WriteEvent(packet, SocketIoPackets.PublishName, message.Span);
        await SendFrameAsync(packet.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override IReadOnlyList<KeyValuePair<string, string>> OfficialHeaders(HttpRequestKind kind) => kind == HttpRequestKind.WebSocket ? [] : XhrHeaders;

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var connect = Encoding.ASCII.GetBytes(cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"40{{\"cursor\":{after}}}") : "40");
        try
        {
            if (Options.SocketIoTransport == LibraryTransports.SocketIoWebSocket)
            {
                await RunWebSocketOnlyAsync(connect, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RunPollingAsync(connect, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Detach();
        }
    }


    private async Task RunWebSocketOnlyAsync(byte[] connect, CancellationToken cancellationToken)
    {
        NegotiatedTransport = LibraryTransports.SocketIoWebSocket;
        var (socket, _) = await Connections.ConnectWebSocket(OfficialWebSocket($"{SocketIoPackets.Path}?EIO=4&transport=websocket"), cancellationToken).ConfigureAwait(false);
        using var _ = socket;
        using var reader = new WebSocketMessageReader(Options.MaxMessageBytes + 1024);
        var open = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
        if (open.Status != WebSocketReadStatus.Message || reader.Message(open) is not [SocketIoPackets.Open, ..])
        {
            throw new InvalidDataException("socketio: the WebSocket did not open with an open packet");
        }

        Attach(socket);
        await SendFrameAsync(connect, cancellationToken).ConfigureAwait(false);
        await ReadWebSocketAsync(socket, reader, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunPollingAsync(byte[] connect, CancellationToken cancellationToken)
    {
        NegotiatedTransport = LibraryTransports.SocketIoPolling;
        var handshake = await GetAsync($"{SocketIoPackets.Path}?EIO=4&transport=polling&t={Stamp()}", cancellationToken).ConfigureAwait(false);
        if (handshake is not [SocketIoPackets.Open, ..])
        {
            throw new InvalidDataException("socketio: the handshake did not answer an open packet");
        }

        var (sid, upgrades) = ReadOpen(handshake.AsSpan(1));
        var pollUrl = $"{SocketIoPackets.Path}?EIO=4&transport=polling&sid={Uri.EscapeDataString(sid)}";
        Attach(
            (packet, token) => new ValueTask(PostAsync($"{pollUrl}&t={Stamp()}", packet, token)),
            async token =>
            {
                await PostAsync($"{pollUrl}&t={Stamp()}", "1"u8.ToArray(), token).ConfigureAwait(false);
                return false;
            });

        // On open the library sends the connect packet (a POST), starts the upgrade probe, then polls: all three at once,
        // the POST written first (one tick of Node's), so the server has the connect before the poll.
        var pausing = new StrongBox();
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connecting = WhileNotSendingAsync(token => PostAsync($"{pollUrl}&t={Stamp()}", connect, token, written), cancellationToken);
        await Task.WhenAny(written.Task, connecting).ConfigureAwait(false);
        var probing = Options.SocketIoTransport == LibraryTransports.Auto && upgrades.Contains(LibraryTransports.SocketIoWebSocket)
            ? ProbeAsync(sid, cancellationToken)
            : null;
        var polling = PollAsync(pollUrl, pausing, cancellationToken);
        await connecting.ConfigureAwait(false);
        if (probing is not null)
        {
            var upgraded = await probing.ConfigureAwait(false);
            if (upgraded is { } socket)
            {
                using var _ = socket;
                pausing.Value = true;
                if (!await polling.ConfigureAwait(false))
                {
                    return;
                }

                await WhileNotSendingAsync(token => socket.SendAsync(UpgradePacket, WebSocketMessageType.Text, endOfMessage: true, token), cancellationToken).ConfigureAwait(false);

                NegotiatedTransport = LibraryTransports.SocketIoWebSocket;
                Attach(socket);
                using var reader = new WebSocketMessageReader(Options.MaxMessageBytes + 1024);
                await ReadWebSocketAsync(socket, reader, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await polling.ConfigureAwait(false);
    }

    /// <summary>The upgrade probe: a WebSocket with the sid, <c>2probe</c>, <c>3probe</c> back. Null when it did not get through.</summary>
    private async Task<WebSocket?> ProbeAsync(string sid, CancellationToken cancellationToken)
    {
        WebSocket? socket = null;
        try
        {
            (socket, _) = await Connections.ConnectWebSocket(OfficialWebSocket($"{SocketIoPackets.Path}?EIO=4&transport=websocket&sid={Uri.EscapeDataString(sid)}"), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(ProbePacket, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            using var reader = new WebSocketMessageReader(1024);
            var answer = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            if (answer.Status == WebSocketReadStatus.Message && reader.Message(answer).SequenceEqual("3probe"u8))
            {
                return socket;
            }

            throw new InvalidDataException("socketio: the probe was not answered with 3probe");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is WebSocketException or IOException or InvalidDataException or HttpRequestException)
        {
            // The upgrade failed (a proxy refused it, say): the library stays on polling, and so do we.
            CountError();
            socket?.Dispose();
            return null;
        }
    }

    /// <summary>GETs in a loop, handling each body's packets; ends when paused (true) or when the server closed (false).</summary>
    private async Task<bool> PollAsync(string pollUrl, StrongBox pausing, CancellationToken cancellationToken)
    {
        while (!pausing.Value)
        {
            var body = await GetAsync($"{pollUrl}&t={Stamp()}", cancellationToken).ConfigureAwait(false);
            var received = Stopwatch.GetTimestamp();
            ReadOnlyMemory<byte> rest = body;
            while (!rest.IsEmpty)
            {
                var end = rest.Span.IndexOf(SocketIoPackets.Separator);
                var packet = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
                if (!await OnPacketAsync(packet, received, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private async Task ReadWebSocketAsync(WebSocket socket, WebSocketMessageReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            switch (read.Status)
            {
                case WebSocketReadStatus.Closed:
                    return;
                case WebSocketReadStatus.TooBig:
                    throw new InvalidDataException($"socketio: message larger than {Options.MaxMessageBytes} bytes.");
            }

            // One packet per message; copied only when it has to be answered (a ping), which is rare.
            if (!await OnPacketAsync(reader.Message(read).ToArray(), Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Acts on one Engine.IO packet; false when the server closed the session.</summary>
    private async ValueTask<bool> OnPacketAsync(ReadOnlyMemory<byte> packet, long receivedTimestamp, CancellationToken cancellationToken)
    {
        if (packet.IsEmpty)
        {
            return true;
        }

        switch (packet.Span[0])
        {
            case SocketIoPackets.Ping:
                await SendFrameAsync(PongPacket, cancellationToken).ConfigureAwait(false);
                return true;
            case SocketIoPackets.Close:
                return false;
            case SocketIoPackets.Message when packet.Length > 1:
                return OnSocketPacket(packet.Span[1..], receivedTimestamp);
            default:
                // Noop, open, pong: nothing to act on.
                return true;
        }
    }

    private bool OnSocketPacket(ReadOnlySpan<byte> packet, long receivedTimestamp)
    {
        switch (packet[0])
        {
            case SocketIoPackets.SocketEvent:
                if (_scratch.Length < packet.Length)
                {
                    _scratch = new byte[packet.Length];
                }

                try
                {
                    if (!SocketIoPackets.TryReadEvent(packet[1..], _scratch, out var name, out var text, out var number))
                    {
                        CountError();
                    }
                    else if (name == SocketIoPackets.EventName)
                    {
                        Deliver(text, receivedTimestamp);
                    }
                    else if (name == SocketIoPackets.CursorName)
                    {
                        Subscribed(number ?? throw new InvalidDataException("socketio: the cursor event carried no number"));
                    }
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException("socketio: an event that is not valid JSON", e);
                }

                return true;
            case SocketIoPackets.SocketConnectError:
                throw new InvalidDataException($"socketio: the namespace refused the connection ({Encoding.UTF8.GetString(packet[1..])})");
            case SocketIoPackets.SocketDisconnect:
                return false;
            default:
                return true;
        }
    }



    private async Task<byte[]> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await ContentDecoding.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
    }


    private static (string Sid, IReadOnlyList<string> Upgrades) ReadOpen(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var sid = root.GetProperty("sid").GetString() ?? throw new InvalidDataException("socketio: the open packet has no sid");
            var upgrades = root.TryGetProperty("upgrades", out var list) ? list.EnumerateArray().Select(u => u.GetString() ?? "").ToList() : [];
            return (sid, upgrades);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException("socketio: a malformed open packet", e);
        }
    }

    /// <summary>The cache-busting <c>t</c> parameter the library adds to polling requests (8 characters, as its randomString gives).</summary>
    private static string Stamp() =>
        string.Create(8, Random.Shared.NextInt64(), static (span, seed) =>
        {
            const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[(int)((ulong)seed % 36)];
                seed = (long)((ulong)seed / 36);
            }
        });

    private sealed class StrongBox
    {
        private volatile bool _value;

        public bool Value
        {
            get => _value;
            set => _value = value;
        }
    }
}
