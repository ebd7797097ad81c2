using System.IO.Pipelines;

namespace Transports.Servers;

/// <summary>
/// One streaming connection as its transport frames it: all a streaming transport writes itself. Everything else
/// (the starting cursor, linked cancellation, the subscribe loop, the send/receive race, counting how it ended) is
/// <see cref="StreamingSession"/>'s. Model: aspnetcore's IHttpTransport, one per transport.
/// </summary>
/// <param name="transport">The transport id, for counters and logs.</param>
/// <param name="closingIsAbort">
/// Whether the connection closing without the protocol's goodbye is a client abort (HTTP and WebSocket: the stream
/// had no end yet) or simply how the client leaves (TCP: a FIN is the goodbye).
/// </param>
/// <param name="connectionClosed">Fires when the connection is gone (the request aborted, the TCP connection closed).</param>
public abstract class StreamFraming(string transport, bool closingIsAbort, CancellationToken connectionClosed)
{
    public string Transport { get; } = transport;

    public CancellationToken ConnectionClosed { get; } = connectionClosed;

    public bool ClosingIsAbort { get; } = closingIsAbort;

    /// <summary>Tells the client the sequence its subscription starts after (X-Cursor, an acknowledgement frame) and opens the stream.</summary>
    public abstract ValueTask OpenAsync(long after, CancellationToken cancellationToken);

    /// <summary>
    /// Writes already-waiting events, in order, and flushes once. False when the peer takes nothing more.
    /// The session decides how many go in one call (every one waiting while <see cref="WriteCoalescing"/> is on, else one).
    /// </summary>
    public abstract ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken);

    /// <summary>Takes upstream messages until the client says goodbye or sends what is refused.</summary>
    public abstract Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends the protocol after the session: a close frame where there is one (none by default: the connection or
    /// response ends when the handler returns). <paramref name="ending"/> is null when the server ended it.
    /// </summary>
    public virtual Task CloseAsync(UpstreamEnd? ending) => Task.CompletedTask;

    /// <summary>
    /// For framings over a pipe: each event's frame into <paramref name="output"/>, then one flush; false when the peer
    /// takes nothing more. The micro-benchmark calls this too.
    /// </summary>
    public static async ValueTask<bool> WriteFramesAsync(PipeWriter output, IReadOnlyList<FeedEvent> events, Action<PipeWriter, FeedEvent> frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(frame);
        for (var i = 0; i < events.Count; i++)
        {
            frame(output, events[i]);
        }

        var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !flushed.IsCompleted;
    }
}
