using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>One emulated path of a run's matrix: a `--network` preset's figures, or one combination of --rtt, --jitter and --bandwidth.</summary>
/// <param name="Network">The preset's name, or <see cref="NetworkPaths.Custom"/>.</param>
/// <param name="BandwidthBitsPerSecond">0 is no limit.</param>
public sealed record PathFigures(string Network, TimeSpan Rtt, TimeSpan Jitter, long BandwidthBitsPerSecond)
{
    /// <summary>No emulator: the clients reach the server's ports directly.</summary>
    public static PathFigures Direct { get; } = new(NetworkPaths.Custom, TimeSpan.Zero, TimeSpan.Zero, 0);
}
