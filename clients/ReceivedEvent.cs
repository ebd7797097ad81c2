namespace Transports.Clients;

/// <summary>One event as a client received it: parsed once, passed by reference, never allocated.</summary>
public readonly record struct ReceivedEvent(long Sequence, long PublishTimestamp, long ReceivedTimestamp, int PayloadBytes);

/// <summary>Where a client delivers events; called from the client's single receive loop, one event at a time.</summary>
public interface IEventSink
{
    void OnEvent(in ReceivedEvent received);

    /// <summary>The subscription is open (called from the client's loop before it sends anything more).</summary>
    void OnSubscribed()
    {
    }
}
