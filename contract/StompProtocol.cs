namespace Transports.Contract;

/// <summary>
/// STOMP 1.2 over WebSocket as this suite speaks it (stomp.github.io/stomp-specification-1.2.html): the WebSocket
/// subprotocol, the one destination, and the header the suite adds. Frames: <see cref="StompFrame"/>, read with
/// <see cref="StompFrameReader"/>, written with <see cref="StompFrameWriter"/> and <see cref="StompMessageFrame"/>.
/// </summary>
public static class StompProtocol
{
    /// <summary>The WebSocket subprotocol of STOMP 1.2; the server refuses a handshake that does not offer it.</summary>
    public const string SubProtocol = "v12.stomp";

    /// <summary>The only version spoken: CONNECT must accept it, CONNECTED names it.</summary>
    public const string Version = "1.2";

    /// <summary>The feed's destination: SUBSCRIBE to it for events, SEND to it for upstream.</summary>
    public const string Destination = "/topic/events";

    /// <summary>
    /// A CONNECTED header of this suite's own: the sequence the connection's subscription starts after (the X-Cursor of
    /// the handshake, which a browser's WebSocket cannot read). Resume by opening <c>/stomp?cursor=N</c>.
    /// </summary>
    public const string CursorHeader = "cursor";
}
