using Transports.Contract;

namespace Transports.Bench.Interop;

/// <summary>One library over one of its transports, as both its official client and ours run it.</summary>
public sealed record InteropCase(string Library, string Transport)
{
    public const string SignalR = TransportIds.SignalR;
    public const string SocketIo = TransportIds.SocketIo;

    /// <summary>SignalR over each of its three transports, Socket.IO over websocket, polling and its default (polling, then the upgrade).</summary>
    public static IReadOnlyList<InteropCase> All { get; } =
    [
        new(SignalR, SignalRTransportNames.WebSockets),
        new(SignalR, SignalRTransportNames.ServerSentEvents),
        new(SignalR, SignalRTransportNames.LongPolling),
        new(SocketIo, LibraryTransports.SocketIoWebSocket),
        new(SocketIo, LibraryTransports.SocketIoPolling),
        new(SocketIo, LibraryTransports.Auto),
    ];

    public override string ToString() => $"{Library} {Transport}";
}
