namespace Transports.Contract;

/// <summary>
/// The transports a library may run over, as the CLI names them (one dimension per library). <c>auto</c> lets the
/// library choose as it does by default; the rest force one.
/// </summary>
public static class LibraryTransports
{
    /// <summary>The library negotiates, as it does out of the box.</summary>
    public const string Auto = "auto";

    /// <summary>SignalR: negotiate picks WebSockets, then Server-Sent Events, then long polling.</summary>
    public static IReadOnlyList<string> SignalR { get; } = [Auto, SignalRTransportNames.WebSockets, SignalRTransportNames.ServerSentEvents, SignalRTransportNames.LongPolling];

    /// <summary>Socket.IO: auto is polling, then the upgrade to websocket (the library's default); or one alone.</summary>
    public static IReadOnlyList<string> SocketIo { get; } = [Auto, SocketIoWebSocket, SocketIoPolling];

    public const string SocketIoWebSocket = "websocket";
    public const string SocketIoPolling = "polling";

    /// <summary>SockJS: auto tries websocket, then xhr-streaming, then xhr-polling (sockjs-client's order); or one alone.</summary>
    public static IReadOnlyList<string> SockJs { get; } = [Auto, SockJsWebSocket, SockJsXhrStreaming, SockJsXhrPolling];

    public const string SockJsWebSocket = "websocket";
    public const string SockJsXhrStreaming = "xhr-streaming";
    public const string SockJsXhrPolling = "xhr-polling";
}

/// <summary>SignalR's transport names, as negotiate lists them and the CLI takes them (lower case).</summary>
public static class SignalRTransportNames
{
    public const string WebSockets = "websockets";
    public const string ServerSentEvents = "serversentevents";
    public const string LongPolling = "longpolling";

    /// <summary>The name negotiate uses in <c>availableTransports[].transport</c>.</summary>
    public static string WireName(string name) => name switch
    {
        WebSockets => "WebSockets",
        ServerSentEvents => "ServerSentEvents",
        LongPolling => "LongPolling",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a SignalR transport"),
    };
}
