namespace Transports.Servers;

/// <summary>How a streaming connection's upstream ended: the client said goodbye, or sent what the server refuses.</summary>
public readonly record struct UpstreamEnd(UpstreamEndKind Kind, string Reason)
{
    /// <summary>The client closed cleanly (a WebSocket close frame, a TCP FIN).</summary>
    public static UpstreamEnd Goodbye { get; } = new(UpstreamEndKind.Goodbye, "bye");

    /// <summary>A message larger than the server takes.</summary>
    public static UpstreamEnd TooBig(string reason) => new(UpstreamEndKind.TooBig, reason);

    /// <summary>A message that is not an event message.</summary>
    public static UpstreamEnd NotAnEvent(string reason) => new(UpstreamEndKind.NotAnEvent, reason);

    /// <summary>Bytes that break the protocol itself (a WebSocket frame with a reserved opcode or bits, no mask, bad UTF-8...), or a sub-protocol's malformed or unexpected frame.</summary>
    public static UpstreamEnd ProtocolError(string reason) => new(UpstreamEndKind.ProtocolError, reason);

    public bool IsRefusal => Kind != UpstreamEndKind.Goodbye;
}

public enum UpstreamEndKind
{
    Goodbye,
    TooBig,
    NotAnEvent,
    ProtocolError,
}
