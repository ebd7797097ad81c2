using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// STOMP 1.2 over WebSocket: one socket to /stomp?cursor=N offering <see cref="StompProtocol.SubProtocol"/>; CONNECT,
/// CONNECTED (its <c>cursor</c> header says where the subscription starts), SUBSCRIBE to /topic/events; each MESSAGE
/// frame's body is delivered (and ACKed in the client ack modes). Upstream goes out as SEND. Goodbye is DISCONNECT
/// with a receipt: the server answers RECEIPT and closes, and the client answers the close. An ERROR frame ends the
/// connection as a failure (counted; the client resumes from its cursor).
/// </summary>
public sealed class StompClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    : TransportClient(TransportIds.Stomp, sink, options)
{
    /// <summary>The id of the client's one subscription: MESSAGE frames carry it back.</summary>
    public const string SubscriptionId = "0";

    private const string DisconnectReceipt = "disconnect";
    private const int MaxHeaderBytes = 8 * 1024;

    private static readonly ReadOnlyMemory<byte> HeartBeat = "\n"u8.ToArray();

    private readonly UpstreamConnection<WebSocket> _upstream = new(TransportIds.Stomp);

    // Used by one sender at a time (the upstream connection's lock).
    private readonly ArrayBufferWriter<byte> _output = new();
    private long _lastSent;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        SendFrameAsync(new StompFrame(
            StompCommands.Send,
            [
                KeyValuePair.Create(StompHeaders.Destination, StompProtocol.Destination),
                KeyValuePair.Create(StompHeaders.ContentLength, message.Length.ToString(CultureInfo.InvariantCulture)),
            ],
            message), cancellationToken);

    protected override async Task ReceiveAsync(long? cursor, CancellationToken cancellationToken)
    {
        var query = cursor is { } after ? string.Create(CultureInfo.InvariantCulture, $"?{TransportPaths.CursorQuery}={after}") : "";
        var request = new WebSocketRequest(connections.WebSocketUri(TransportPaths.Stomp + query)) { SubProtocol = StompProtocol.SubProtocol };
        var (socket, headers) = await connections.ConnectWebSocket(request, cancellationToken).ConfigureAwait(false);
        using var reader = new StompFrameReader(MaxHeaderBytes, Options.MaxMessageBytes);
        StompFrame connected;
        try
        {
            connected = await ConnectAsync(socket, reader, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // Only now may upstream sends use this socket: CONNECT and SUBSCRIBE have gone out.
        await _upstream.SwapAsync(socket).ConfigureAwait(false);
        var start = TransportPaths.TryParseCursor(connected.Header(StompProtocol.CursorHeader), out var announced) && announced is not null
            ? announced
            : TransportPaths.CursorFromHeader(headers?.GetValueOrDefault(TransportPaths.CursorHeader));
        Subscribed(cursor ?? start);

        using var beating = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = StompHeartbeat.TryParse(connected.Header(StompHeaders.HeartBeat), out var server);
        var interval = StompHeartbeat.Every(Options.StompHeartbeat).SendInterval(server);
        var beats = interval > TimeSpan.Zero ? BeatAsync(interval, beating.Token) : Task.CompletedTask;
        try
        {
            await ReceiveFramesAsync(socket, reader, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await beating.CancelAsync().ConfigureAwait(false);
            await beats.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Sends DISCONNECT with a receipt; the receive loop ends when the server, having answered, closes.</summary>
    protected override async Task<bool> SayGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (_upstream.Current is not { State: WebSocketState.Open })
        {
            return false;
        }

        await SendFrameAsync(new StompFrame(StompCommands.Disconnect, (StompHeaders.Receipt, DisconnectReceipt)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    protected override ValueTask DisposeConnectionsAsync() => _upstream.DisposeAsync();

    /// <summary>CONNECT, CONNECTED (checked), SUBSCRIBE: sent on the socket itself, before any upstream may use it.</summary>
    private async Task<StompFrame> ConnectAsync(WebSocket socket, StompFrameReader reader, CancellationToken cancellationToken)
    {
        await SendOutputAsync(socket, StompFrameWriter.Format(new StompFrame(
            StompCommands.Connect,
            (StompHeaders.AcceptVersion, StompProtocol.Version),
            (StompHeaders.Host, connections.HttpBase.Host),
            (StompHeaders.HeartBeat, StompHeartbeat.Every(Options.StompHeartbeat).ToString()))), cancellationToken).ConfigureAwait(false);
        var connected = await NextFrameAsync(socket, reader, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("stomp: the connection closed before CONNECTED.");
        if (connected.Command == StompCommands.Error)
        {
            throw new InvalidDataException($"stomp: ERROR {connected.Header(StompHeaders.Message)}");
        }

        if (connected.Command != StompCommands.Connected || connected.Header(StompHeaders.Version) != StompProtocol.Version
            || !StompHeartbeat.TryParse(connected.Header(StompHeaders.HeartBeat), out _))
        {
            throw new InvalidDataException($"stomp: expected CONNECTED version {StompProtocol.Version} with a well-formed heart-beat, got {connected.Command}.");
        }

        await SendOutputAsync(socket, StompFrameWriter.Format(new StompFrame(
            StompCommands.Subscribe,
            (StompHeaders.Id, SubscriptionId),
            (StompHeaders.Destination, StompProtocol.Destination),
            (StompHeaders.AckMode, Options.StompAck))), cancellationToken).ConfigureAwait(false);
        return connected;
    }

    private async Task ReceiveFramesAsync(WebSocket socket, StompFrameReader reader, CancellationToken cancellationToken)
    {
        while (await NextFrameAsync(socket, reader, cancellationToken).ConfigureAwait(false) is { } frame)
        {
            switch (frame.Command)
            {
                case StompCommands.Message when frame.Header(StompHeaders.Subscription) == SubscriptionId:
                    Deliver(frame.Body.Span, Stopwatch.GetTimestamp());
                    if (frame.Header(StompHeaders.AckMode) is { } ack)
                    {
                        await SendFrameAsync(new StompFrame(StompCommands.Ack, (StompHeaders.Id, ack)), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case StompCommands.Receipt:
                    break;
                case StompCommands.Error:
                    throw new InvalidDataException($"stomp: ERROR {frame.Header(StompHeaders.Message)}");
                default:
                    throw new InvalidDataException($"stomp: unexpected {frame.Command} frame.");
            }
        }

        // The server closed (after the RECEIPT of our DISCONNECT, or to end the stream): complete the close handshake.
        if (socket.State == WebSocketState.CloseReceived)
        {
            await _upstream.SendAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, static (socket, status, token) => new ValueTask(socket.CloseOutputAsync(status, null, token)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next frame, receiving as needed; null when the server closed.</summary>
    private static async Task<StompFrame?> NextFrameAsync(WebSocket socket, StompFrameReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = reader.Read();
            switch (read.Status)
            {
                case StompReadStatus.Frame:
                    return read.Frame;
                case StompReadStatus.Malformed or StompReadStatus.TooBig:
                    throw new InvalidDataException($"stomp: {read.Error}.");
            }

            var received = await socket.ReceiveAsync(reader.GetMemory(), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            reader.Advance(received.Count);
        }
    }

    /// <summary>A line feed whenever nothing went out for <paramref name="interval"/>.</summary>
    private async Task BeatAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var idle = Options.Time.GetElapsedTime(Interlocked.Read(ref _lastSent));
            if (idle >= interval)
            {
                await _upstream.SendAsync(this, static (socket, client, token) => client.SendOutputAsync(socket, HeartBeat, token), cancellationToken).ConfigureAwait(false);
                idle = TimeSpan.Zero;
            }

            await Task.Delay(interval - idle, Options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask SendFrameAsync(StompFrame frame, CancellationToken cancellationToken) =>
        _upstream.SendAsync((Client: this, Frame: frame), static (socket, state, token) =>
        {
            state.Client._output.ResetWrittenCount();
            StompFrameWriter.Write(state.Client._output, state.Frame);
            return state.Client.SendOutputAsync(socket, state.Client._output.WrittenMemory, token);
        }, cancellationToken);

    /// <summary>One text message (under the upstream connection's lock).</summary>
    private async ValueTask SendOutputAsync(WebSocket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastSent, Options.Time.GetTimestamp());
    }
}
