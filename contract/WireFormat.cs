namespace Transports.Contract;

/// <summary>How an event message is framed on the wire. Transports that share a format share its codec.</summary>
public enum WireFormat
{
    /// <summary>Polling and long polling: the message and a newline in a response body (<see cref="EventBatch"/>).</summary>
    Batch,

    /// <summary>Server-Sent Events: a <c>data:</c> and an <c>id:</c> line, then a blank line (<see cref="SseEventFrame"/>).</summary>
    Sse,

    /// <summary>One unmasked WebSocket text frame (RFC 6455).</summary>
    WebSocket,

    /// <summary>A 4-byte length, then the message (<see cref="LengthPrefixedFrame"/>).</summary>
    LengthPrefixed,

    /// <summary>SignalR's JSON hub protocol: an invocation <c>{"type":1,"target":"event","arguments":["…"]}</c> and 0x1E (<see cref="SignalRFrames"/>), in a WebSocket text frame by default.</summary>
    SignalRJson,

    /// <summary>Socket.IO 4: the packet <c>42["event","…"]</c> (<see cref="SocketIoPackets"/>), one per WebSocket text frame after the upgrade, 0x1E-joined in a polling body.</summary>
    SocketIo,

    /// <summary>SockJS: the frame <c>a["…"]</c> (<see cref="SockJsFrames"/>), in a WebSocket text frame by default, with a <c>\n</c> on the HTTP transports.</summary>
    SockJs,

    /// <summary>One STOMP 1.2 MESSAGE frame (<see cref="StompMessageFrame"/>) in one WebSocket text message.</summary>
    Stomp,
}
