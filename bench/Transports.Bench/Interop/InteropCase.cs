using Transports.Contract;

namespace Transports.Bench.Interop;

/// <summary>
/// One library over one of its transports, as both its official client and ours run it. <paramref name="Races"/>: the
/// library races two exchanges during setup, so a run takes one of two paths by timing alone (Socket.IO polling: the
/// connect packet's POST against the first poll; with the upgrade, the first poll against the probe; the loser costs
/// one poll more). Each request has a connection of its own there, so the connections a run opened tell its path.
/// </summary>
public sealed record InteropCase(string Library, string Transport, bool Races = false)
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
        new(SocketIo, LibraryTransports.SocketIoPolling, Races: true),
        new(SocketIo, LibraryTransports.Auto, Races: true),
    ];

    public override string ToString() => $"{Library} {Transport}";
}
