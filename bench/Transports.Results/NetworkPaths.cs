using Transports.Network;

namespace Transports.Results;

/// <summary>
/// The values of <see cref="ScenarioResult.Network"/>: <see cref="Custom"/> (the path's figures as given: --rtt,
/// --jitter, --bandwidth, or none) or the name of one of <see cref="NetworkPresets"/>, whose figures live in data.
/// </summary>
public static class NetworkPaths
{
    public const string Custom = "custom";

    public static IReadOnlyList<string> All { get; } = [Custom, .. NetworkPresets.Names];
}
