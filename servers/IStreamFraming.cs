namespace Transports.Servers;

/// <summary>
/// One streaming connection as its transport frames it: all a streaming transport writes itself. Everything else
/// (the starting cursor, linked cancellation, the subscribe loop, the send/receive race, counting how it ended) is
/// <see cref="StreamingSession"/>'s. Model: aspnetcore's IHttpTransport, one per transport.
/// </summary>
public interface IStreamFraming
{
    /// <summary>The transport id, for counters and logs.</summary>
    string Transport { get; }

    /// <summary>Fires when the connection is gone (the request aborted, the TCP connection closed).</summary>
    CancellationToken ConnectionClosed { get; }

    /// <summary>
    /// Whether the connection closing without the protocol's goodbye is a client abort (HTTP and WebSocket: the
    /// stream had no end yet) or simply how the client leaves (TCP: a FIN is the goodbye).
    /// </summary>
    bool ClosingIsAbort { get; }

    /// <summary>Tells the client the sequence its subscription starts after (X-Cursor, an acknowledgement frame) and opens the stream.</summary>
    ValueTask OpenAsync(long after, CancellationToken cancellationToken);

    /// <summary>
    /// Writes already-waiting events, in order, and flushes once. False when the peer takes nothing more.
    /// The session decides how many go in one call (one, unless <see cref="TransportServerOptions.CoalesceEvents"/>).
    /// </summary>
    ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken);

    /// <summary>Takes upstream messages until the client says goodbye or sends what is refused.</summary>
    Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Ends the protocol after the session: a close frame where there is one. <paramref name="ending"/> is null when the server ended it.</summary>
    Task CloseAsync(UpstreamEnd? ending);
}
