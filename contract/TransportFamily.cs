namespace Transports.Contract;

/// <summary>How a transport carries events: a request for every batch, or one long-lived stream.</summary>
public enum TransportFamily
{
    /// <summary>Every batch of events answers its own HTTP request (polling, long polling): requests per event mean something.</summary>
    RequestPerBatch,

    /// <summary>One connection carries every event (SSE, WebSocket, raw TCP, and protocols riding on them).</summary>
    Stream,
}
