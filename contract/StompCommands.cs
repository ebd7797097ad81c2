namespace Transports.Contract;

/// <summary>STOMP 1.2's frame commands.</summary>
public static class StompCommands
{
    public const string Connect = "CONNECT";
    public const string Stomp = "STOMP";
    public const string Send = "SEND";
    public const string Subscribe = "SUBSCRIBE";
    public const string Unsubscribe = "UNSUBSCRIBE";
    public const string Ack = "ACK";
    public const string Nack = "NACK";
    public const string Begin = "BEGIN";
    public const string Commit = "COMMIT";
    public const string Abort = "ABORT";
    public const string Disconnect = "DISCONNECT";

    public const string Connected = "CONNECTED";
    public const string Message = "MESSAGE";
    public const string Receipt = "RECEIPT";
    public const string Error = "ERROR";

    /// <summary>CONNECT, STOMP and CONNECTED do not escape header values (STOMP 1.2, "Value Encoding").</summary>
    public static bool EscapesHeaders(string command) => command is not (Connect or Stomp or Connected);

    /// <summary>Only SEND, MESSAGE and ERROR may carry a body.</summary>
    public static bool MayHaveBody(string command) => command is Send or Message or Error;
}
