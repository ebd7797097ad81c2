namespace Transports.Bench.Micro;

/// <summary>The four ways an event crosses the wire (polling and long polling share the batch).</summary>
public enum WireFormat
{
    /// <summary>Polling and long polling: the message and a newline in a response body.</summary>
    Batch,

    /// <summary>Server-Sent Events: an <c>id:</c> and a <c>data:</c> line, then a blank line.</summary>
    Sse,

    /// <summary>One unmasked WebSocket text frame.</summary>
    WebSocket,

    /// <summary>Raw TCP: a 4-byte length, then the message.</summary>
    Tcp,
}
