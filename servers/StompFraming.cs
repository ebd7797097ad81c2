using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// STOMP 1.2 over an accepted WebSocket (<see cref="StompProtocol.SubProtocol"/>). Every frame goes out as one text
/// message; frames come in however the client cuts them (<see cref="StompFrameReader"/>). The conversation:
/// <list type="bullet">
/// <item>CONNECT or STOMP first, within <see cref="ConnectTimeout"/>: <c>accept-version</c> must include 1.2; the answer
/// is CONNECTED with <c>version:1.2</c>, <c>heart-beat</c> (the server's <see cref="TransportServerOptions.StompHeartbeat"/>
/// both ways, 0,0 when off) and <c>cursor</c> (the sequence the subscription starts after: the handshake's
/// X-Cursor, which a browser cannot read). Resume by opening <c>/stomp?cursor=N</c>.</item>
/// <item>SUBSCRIBE to <see cref="StompProtocol.Destination"/> with an <c>id</c> and <c>ack</c> auto, client or
/// client-individual: one MESSAGE per event after the cursor (<see cref="StompMessageFrame"/>); acknowledgements as
/// <see cref="StompSubscription"/> says. One subscription per connection; UNSUBSCRIBE ends it.</item>
/// <item>SEND to the destination: its body is an upstream message, taken into the feed like every transport's.</item>
/// <item>ACK and NACK with the <c>id</c> a MESSAGE's <c>ack</c> header gave; DISCONNECT, with <c>receipt</c> answered
/// by RECEIPT, then the close handshake. Any frame with <c>receipt</c> gets its RECEIPT once handled.</item>
/// <item>Heart-beats: a line feed when nothing else went out for the negotiated interval; the client's are taken
/// (they are line feeds between frames) but not required: the specification lets a server choose.</item>
/// </list>
/// Refusals: an ERROR frame (<c>message</c> says why; <c>receipt-id</c> when the frame asked for a receipt), then the
/// close: a malformed frame, an unknown command, a frame before CONNECT, a second CONNECT, a version other than 1.2, an
/// unknown destination, a second subscription, an ACK of nothing awaited, a transaction (not supported) close with
/// 1002; a SEND body that is not an event message with 1007; a head over <see cref="MaxHeaderBytes"/> or a body over
/// the upstream limit with 1009.
/// </summary>
public sealed class StompFraming(HttpContext context, UpstreamIngest ingest, TransportServerOptions options)
    : WebSocketStreamFraming(TransportIds.Stomp, context, StompProtocol.SubProtocol)
{
    /// <summary>The largest frame head (command and headers) taken.</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>A connection that has not sent CONNECT by then gets an ERROR: idle sockets must not pile up.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private const string VersionRefusal = $"only STOMP {StompProtocol.Version} is spoken";

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly StompSubscription _subscription = new();

    // A cancelled WebSocket receive aborts the socket, which must stay open for an ERROR and a close frame: receives
    // are cancelled only when the framing is disposed; the session's token cancels the wait for them.
    private readonly CancellationTokenSource _receiving = new();

    private long _after;
    private TimeSpan _heartbeat;
    private bool _connected;

    // Under _sendLock: an ERROR or the RECEIPT of DISCONNECT went out, so nothing more may; when anything last did.
    private bool _ended;
    private long _lastSent;

    public override ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        _after = after;
        return base.OpenAsync(after, cancellationToken);
    }

    public override async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var sent = Sent.Skipped;
            while (sent == Sent.Skipped)
            {
                // Written only if the subscription waited for is still the one: after an UNSUBSCRIBE, wait again.
                var subscriber = await _subscription.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
                sent = await SendAsync(
                    (Subscription: _subscription, Subscriber: subscriber, Event: e),
                    static (output, s) =>
                    {
                        if (!s.Subscription.Sent(s.Subscriber, s.Event.Sequence))
                        {
                            return false;
                        }

                        StompMessageFrame.Write(output, s.Subscriber.EscapedId, s.Event.Sequence, s.Event.Message.Span, s.Subscriber.Acknowledges);
                        return true;
                    },
                    final: false,
                    cancellationToken,
                    cancellationToken).ConfigureAwait(false);
            }

            if (sent == Sent.Ended)
            {
                return false;
            }
        }

        return true;
    }

    protected override async Task<UpstreamEnd> ReceiveMessagesAsync(CancellationToken cancellationToken)
    {
        using var reader = new StompFrameReader(MaxHeaderBytes, options.MaxUpstreamBytes);
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(beating.Token);
        var connectDeadline = Task.Delay(ConnectTimeout, options.Time, connecting.Token);
        var heartbeat = Task.CompletedTask;
        try
        {
            while (true)
            {
                // Idle sockets hold no buffer: wait for data with a zero-byte read first.
                var peek = Socket.ReceiveAsync(Memory<byte>.Empty, _receiving.Token).AsTask();
                if (!_connected && await Task.WhenAny(peek, connectDeadline).ConfigureAwait(false) == connectDeadline && connectDeadline.IsCompletedSuccessfully)
                {
                    return await RefuseAsync(UpstreamEnd.ProtocolError($"no CONNECT frame within {ConnectTimeout.TotalSeconds:0} s"), null, cancellationToken).ConfigureAwait(false);
                }

                if ((await peek.WaitAsync(cancellationToken).ConfigureAwait(false)).MessageType == WebSocketMessageType.Close)
                {
                    return UpstreamEnd.Goodbye;
                }

                var received = await Socket.ReceiveAsync(reader.GetMemory(), _receiving.Token).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return UpstreamEnd.Goodbye;
                }

                reader.Advance(received.Count);
                for (var read = reader.Read(); read.Status != StompReadStatus.NeedMore; read = reader.Read())
                {
                    var connected = _connected;
                    var end = read.Status switch
                    {
                        StompReadStatus.TooBig => await RefuseAsync(UpstreamEnd.TooBig(read.Error!), null, cancellationToken).ConfigureAwait(false),
                        StompReadStatus.Malformed => await RefuseAsync(UpstreamEnd.ProtocolError($"malformed frame: {read.Error}"), null, cancellationToken).ConfigureAwait(false),
                        _ => await HandleAsync(read.Frame!, cancellationToken).ConfigureAwait(false),
                    };
                    if (end is { } ending)
                    {
                        return ending;
                    }

                    if (!connected && _connected)
                    {
                        await connecting.CancelAsync().ConfigureAwait(false);
                        if (_heartbeat > TimeSpan.Zero)
                        {
                            heartbeat = BeatAsync(_heartbeat, beating.Token, cancellationToken);
                        }
                    }
                }
            }
        }
        finally
        {
            await beating.CancelAsync().ConfigureAwait(false);
            await heartbeat.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _receiving.Cancel();
            _receiving.Dispose();
            _sendLock.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>One client frame; the end of the conversation when it ends it (DISCONNECT, or a refusal).</summary>
    private async ValueTask<UpstreamEnd?> HandleAsync(StompFrame frame, CancellationToken cancellationToken)
    {
        if (!_connected && frame.Command is not (StompCommands.Connect or StompCommands.Stomp))
        {
            return await RefuseAsync(UpstreamEnd.ProtocolError($"expected CONNECT or STOMP first, not {frame.Command}"), frame, cancellationToken).ConfigureAwait(false);
        }

        var refusal = frame.Command switch
        {
            StompCommands.Connect or StompCommands.Stomp => _connected ? "already connected" : await ConnectAsync(frame, cancellationToken).ConfigureAwait(false),
            StompCommands.Subscribe => Subscribe(frame),
            StompCommands.Unsubscribe => _subscription.TryUnsubscribe(frame.Header(StompHeaders.Id) ?? "") ? null : "no subscription has that id",
            StompCommands.Ack or StompCommands.Nack => _subscription.TryAcknowledge(frame.Header(StompHeaders.Id) ?? "") ? null : "no message with that id awaits acknowledgement",
            StompCommands.Send => null,
            StompCommands.Disconnect => null,
            StompCommands.Begin or StompCommands.Commit or StompCommands.Abort => "transactions are not supported",
            _ => $"unknown command {frame.Command}",
        };
        if (refusal is not null)
        {
            // A version refusal names the versions spoken (STOMP 1.2, "Protocol Negotiation").
            var headers = refusal == VersionRefusal ? [(StompHeaders.Version, StompProtocol.Version)] : Array.Empty<(string, string)>();
            return await RefuseAsync(UpstreamEnd.ProtocolError(refusal), frame, cancellationToken, headers).ConfigureAwait(false);
        }

        if (frame.Command == StompCommands.Send && Send(frame) is { } refused)
        {
            return await RefuseAsync(refused, frame, cancellationToken).ConfigureAwait(false);
        }

        var disconnect = frame.Command == StompCommands.Disconnect;
        if (frame.Header(StompHeaders.Receipt) is { } receipt)
        {
            await SendFrameAsync(new StompFrame(StompCommands.Receipt, (StompHeaders.ReceiptId, receipt)), final: disconnect, cancellationToken).ConfigureAwait(false);
        }

        return disconnect ? UpstreamEnd.Goodbye : null;
    }

    /// <summary>Answers CONNECT with CONNECTED; the refusal's reason otherwise.</summary>
    private async ValueTask<string?> ConnectAsync(StompFrame frame, CancellationToken cancellationToken)
    {
        // No accept-version: a STOMP 1.0 client.
        var versions = frame.Header(StompHeaders.AcceptVersion)?.Split(',') ?? ["1.0"];
        if (!versions.Contains(StompProtocol.Version))
        {
            return VersionRefusal;
        }

        if (!StompHeartbeat.TryParse(frame.Header(StompHeaders.HeartBeat), out var client))
        {
            return "heart-beat must be two non-negative integers, cx,cy";
        }

        var server = StompHeartbeat.Every(options.StompHeartbeat);
        await SendFrameAsync(
            new StompFrame(
                StompCommands.Connected,
                (StompHeaders.Version, StompProtocol.Version),
                (StompHeaders.HeartBeat, server.ToString()),
                (StompProtocol.CursorHeader, _after.ToString(CultureInfo.InvariantCulture))),
            final: false,
            cancellationToken).ConfigureAwait(false);
        _heartbeat = server.SendInterval(client);
        _connected = true;
        return null;
    }

    private string? Subscribe(StompFrame frame)
    {
        if (frame.Header(StompHeaders.Destination) is not StompProtocol.Destination)
        {
            return $"unknown destination '{frame.Header(StompHeaders.Destination)}': subscribe to {StompProtocol.Destination}";
        }

        if (frame.Header(StompHeaders.Id) is not { } id)
        {
            return "SUBSCRIBE needs an id";
        }

        var ack = frame.Header(StompHeaders.AckMode) ?? StompHeaders.AckAuto;
        if (ack is not (StompHeaders.AckAuto or StompHeaders.AckClient or StompHeaders.AckClientIndividual))
        {
            return $"unknown ack mode '{ack}'";
        }

        return _subscription.TrySubscribe(id, ack) ? null : "one subscription per connection";
    }

    /// <summary>Takes a SEND's body into the feed; the refusal otherwise.</summary>
    private UpstreamEnd? Send(StompFrame frame)
    {
        if (frame.Header(StompHeaders.Destination) is not StompProtocol.Destination)
        {
            return UpstreamEnd.ProtocolError($"unknown destination '{frame.Header(StompHeaders.Destination)}': send to {StompProtocol.Destination}");
        }

        if (frame.Header(StompHeaders.Transaction) is not null)
        {
            return UpstreamEnd.ProtocolError("transactions are not supported");
        }

        return ingest.TryAccept(frame.Body.Span) ? null : UpstreamEnd.NotAnEvent("the SEND body is not an event message");
    }

    /// <summary>Sends ERROR (nothing goes out after it) and returns the refusal the session closes with.</summary>
    private async ValueTask<UpstreamEnd> RefuseAsync(UpstreamEnd refusal, StompFrame? frame, CancellationToken cancellationToken, params (string Name, string Value)[] extra)
    {
        List<(string, string)> headers = [(StompHeaders.Message, refusal.Reason), .. extra];
        if (frame?.Header(StompHeaders.Receipt) is { } receipt)
        {
            headers.Add((StompHeaders.ReceiptId, receipt));
        }

        await SendFrameAsync(new StompFrame(StompCommands.Error, [.. headers]), final: true, cancellationToken).ConfigureAwait(false);
        return refusal;
    }

    private ValueTask<Sent> SendFrameAsync(StompFrame frame, bool final, CancellationToken cancellationToken) =>
        SendAsync(frame, static (output, frame) => StompFrameWriter.Write(output, frame) > 0, final, cancellationToken, cancellationToken);

    /// <summary>A line feed whenever nothing went out for <paramref name="interval"/>, until <paramref name="stop"/>.</summary>
    private async Task BeatAsync(TimeSpan interval, CancellationToken stop, CancellationToken cancellationToken)
    {
        while (true)
        {
            var sent = await SendAsync(
                (Framing: this, Interval: interval),
                static (output, s) =>
                {
                    if (s.Framing.Idle < s.Interval)
                    {
                        return false;
                    }

                    output.Write("\n"u8);
                    return true;
                },
                final: false,
                stop,
                cancellationToken).ConfigureAwait(false);
            if (sent == Sent.Ended)
            {
                return;
            }

            var wait = interval - Idle;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, options.Time, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every send, one at a time: unless the conversation has ended, <paramref name="frame"/> writes what goes out
    /// (false: nothing, now), and it leaves as one text message; <paramref name="final"/> ends the conversation. The
    /// socket send takes <paramref name="cancellationToken"/> (cancelling it aborts the socket); the wait for the lock
    /// <paramref name="waiting"/>.
    /// </summary>
    private async ValueTask<Sent> SendAsync<TState>(TState state, Func<ArrayBufferWriter<byte>, TState, bool> frame, bool final, CancellationToken waiting, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(waiting).ConfigureAwait(false);
        try
        {
            if (_ended)
            {
                return Sent.Ended;
            }

            _output.ResetWrittenCount();
            if (!frame(_output, state))
            {
                return Sent.Skipped;
            }

            await Socket.SendAsync(_output.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastSent, options.Time.GetTimestamp());
            _ended = final;
            return Sent.Message;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>How long nothing has gone out.</summary>
    private TimeSpan Idle => options.Time.GetElapsedTime(Volatile.Read(ref _lastSent));

    private enum Sent
    {
        Message,
        Skipped,
        Ended,
    }
}
