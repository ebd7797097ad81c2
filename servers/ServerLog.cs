using Microsoft.Extensions.Logging;

namespace Transports.Servers;

/// <summary>Source-generated log messages with stable event ids.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Transport}: client went away mid-response")]
    public static partial void ClientAborted(ILogger logger, string transport);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Transport}: rejected input: {Reason}")]
    public static partial void Rejected(ILogger logger, string transport, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Transport}: connection failed")]
    public static partial void ConnectionFailed(ILogger logger, string transport, Exception exception);
}
