namespace Transports.Clients;

/// <summary>
/// The contract every transport's client keeps, and all the harness knows of a transport: subscribe from a
/// cursor, receive events (into the <see cref="IEventSink"/> given at construction), send upstream, close.
/// </summary>
public interface ITransportClient : IAsyncDisposable
{
    /// <summary>The transport id (see <see cref="Contract.TransportIds"/>).</summary>
    string Transport { get; }

    /// <summary>The last sequence received (or the subscription's starting point); null before either.</summary>
    long? Cursor { get; }

    /// <summary>Times the client reconnected after losing its connection.</summary>
    long Reconnects { get; }

    /// <summary>Failures seen: dropped connections, malformed messages, failed requests.</summary>
    long Errors { get; }

    /// <summary>
    /// Subscribes after <paramref name="cursor"/> (null: from now) and returns once the subscription is open:
    /// every event published after that is delivered. Events flow until <see cref="CloseAsync"/>; a lost
    /// connection is re-opened from <see cref="Cursor"/>.
    /// </summary>
    Task StartAsync(long? cursor, CancellationToken cancellationToken);

    /// <summary>Sends one upstream message (an event message) to the server.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Stops receiving and closes the connection cleanly.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
