using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// The values of <see cref="ScenarioResult.Coalesce"/>: whether the streaming servers write every event already waiting
/// under one flush (each still in its own frame) or flush each on its own.
/// </summary>
public static class Coalescing
{
    /// <summary>Events waiting together go out under one flush, as production servers write them (the default).</summary>
    public const string On = "on";

    /// <summary>One flush per event, each sent as if it had been the only one waiting (`--no-coalesce`).</summary>
    public const string Off = "off";

    public static IReadOnlyList<string> All { get; } = [On, Off];

    /// <summary>The transports it concerns: those whose descriptor says our server coalesces their writes.</summary>
    public static bool AppliesTo(string transport) => TransportIds.Find(transport) is { CoalescesWrites: true };
}
