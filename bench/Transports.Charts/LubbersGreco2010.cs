namespace Transports.Charts;

/// <summary>
/// The header-traffic figures of Lubbers &amp; Greco, websocket.org (2010): 871 B of polling headers and 2 B
/// WebSocket frames per message, one message per second per client, Mbps = 2^20 bits/s (shared/ANCHORS.md).
/// </summary>
public static class LubbersGreco2010
{
    public const string Source = "Lubbers & Greco 2010";

    /// <summary>The article assumes one message per second per client.</summary>
    public const double RateHz = 1;

    public static IReadOnlyList<int> Clients { get; } = [1_000, 10_000, 100_000];

    public static IReadOnlyList<double> PollingMbps { get; } = [6.6, 66, 665];

    public static IReadOnlyList<double> WebSocketMbps { get; } = [0.015, 0.153, 1.526];

    /// <summary>Mbps as the article (and our charts) count it: 2^20 bits per second.</summary>
    public static double Mbps(double bytesPerSecond) => bytesPerSecond * 8 / (1 << 20);
}
