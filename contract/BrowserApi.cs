namespace Transports.Contract;

/// <summary>
/// How a browser page speaks a transport with nothing but its own APIs: the live page at `/` and the harness's
/// Chromium clients (`run --client-kind chromium`) choose their client code by it.
/// </summary>
public enum BrowserApi
{
    /// <summary>Out of a page's reach (a raw TCP socket), or not spoken by the page yet.</summary>
    None,

    /// <summary><c>fetch</c> on a fixed interval.</summary>
    Polling,

    /// <summary><c>fetch</c> again as soon as the held request answers.</summary>
    LongPolling,

    /// <summary>The browser's <c>EventSource</c>, with its own reconnect and Last-Event-ID.</summary>
    EventSource,

    /// <summary>The browser's <c>WebSocket</c>.</summary>
    WebSocket,
}
