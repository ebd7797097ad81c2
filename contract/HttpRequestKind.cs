namespace Transports.Contract;

/// <summary>What a browser is doing when it sends a request: each sends its own headers (<see cref="HeaderProfile"/>).</summary>
public enum HttpRequestKind
{
    /// <summary>fetch/XMLHttpRequest: polls, long polls and upstream POSTs.</summary>
    Fetch,

    /// <summary>An EventSource opening its stream.</summary>
    EventSource,

    /// <summary>A WebSocket opening handshake (HTTP/1.1 upgrade or RFC 8441 extended CONNECT).</summary>
    WebSocket,
}
