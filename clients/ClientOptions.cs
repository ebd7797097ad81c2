namespace Transports.Clients;

/// <summary>Client behaviour that is not part of the wire contract.</summary>
public sealed record ClientOptions
{
    /// <summary>How often the polling client asks.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// An offset before the polling schedule starts (the first poll comes one interval after it), so a harness can
    /// spread many clients' polls instead of having them all ask at once.
    /// </summary>
    public TimeSpan PollPhase { get; init; } = TimeSpan.Zero;

    /// <summary>How long the long-polling client asks the server to hold (null: the server's default).</summary>
    public TimeSpan? LongPollHold { get; init; }

    /// <summary>Wait before re-opening a lost connection.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest event message the client accepts.</summary>
    public int MaxMessageBytes { get; init; } = Contract.EventMessage.MaxSize;

    /// <summary>
    /// The STOMP client's heart-beat, asked for both ways in CONNECT (zero: <c>0,0</c>, none). A direction beats only
    /// when the server offers it too, at the larger of the two figures.
    /// </summary>
    public TimeSpan StompHeartbeat { get; init; }

    /// <summary>The STOMP client's SUBSCRIBE ack mode: auto (the default), client or client-individual (it ACKs each MESSAGE).</summary>
    public string StompAck { get; init; } = Contract.StompHeaders.AckAuto;

    /// <summary>
    /// The clock of every schedule: the poll interval and phase, the reconnect delay, STOMP heart-beats. Latency timestamps never use it:
    /// they stay on <see cref="System.Diagnostics.Stopwatch"/>, the monotonic clock client and server share.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>SignalR: <c>auto</c> (negotiate, falling back as the official client does) or one transport forced (<see cref="Contract.LibraryTransports.SignalR"/>).</summary>
    public string SignalRTransport { get; init; } = Contract.LibraryTransports.Auto;

    /// <summary>Socket.IO: <c>auto</c> (polling, then the upgrade to websocket), <c>websocket</c> or <c>polling</c> (<see cref="Contract.LibraryTransports.SocketIo"/>).</summary>
    public string SocketIoTransport { get; init; } = Contract.LibraryTransports.Auto;

    /// <summary>SockJS: <c>auto</c> (websocket, then xhr-streaming, then xhr-polling, as sockjs-client tries them) or one forced (<see cref="Contract.LibraryTransports.SockJs"/>).</summary>
    public string SockJsTransport { get; init; } = Contract.LibraryTransports.Auto;
    /// <summary>
    /// The fallback client: how long a candidate transport may take to open, and an SSE stream to deliver an event a long
    /// poll already has, before the next one is tried. The harness raises it at low event rates.
    /// </summary>
    public TimeSpan FallbackProbe { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>SignalR: the official clients send a ping after this long without sending anything (@microsoft/signalr's keepAliveIntervalInMilliseconds).</summary>
    public TimeSpan SignalRKeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
