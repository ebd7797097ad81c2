namespace Transports.Network;

/// <summary>A named path for <c>--network NAME</c>; its figures live in network-presets.json, not in code.</summary>
public sealed record NetworkPreset(string Name, string Description, NetworkConditions Conditions)
{
    /// <summary>"wan: 80 ms RTT, 50 Mbit/s (broadband to a server across a continent)", for --help.</summary>
    public string Summary => $"{Name}: {Conditions.Describe()} ({Description})";
}
