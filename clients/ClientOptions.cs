namespace Transports.Clients;

/// <summary>Client behaviour that is not part of the wire contract.</summary>
public sealed record ClientOptions
{
    /// <summary>How often the polling client asks.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the long-polling client asks the server to hold (null: the server's default).</summary>
    public TimeSpan? LongPollHold { get; init; }

    /// <summary>Wait before re-opening a lost connection.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest event message the client accepts.</summary>
    public int MaxMessageBytes { get; init; } = Contract.EventMessage.MaxSize;
}
