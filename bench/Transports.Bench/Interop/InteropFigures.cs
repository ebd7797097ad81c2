namespace Transports.Bench.Interop;

/// <summary>
/// What one client's run carried at the socket (a counting relay in front of the server): setup is every byte before
/// the first event (negotiate, handshake, upgrade), the events part every byte after, divided by the events.
/// <paramref name="SetupConnections"/> (TCP connections opened during setup) tells the path a run took where a library
/// races two exchanges (Socket.IO: its first poll against the connect packet or the upgrade probe; the loser costs one
/// poll more).
/// </summary>
public sealed record InteropFigures(string Client, string Negotiated, long SetupDown, long SetupUp, long EventsDown, long EventsUp, int Events, long SetupConnections)
{
    public double PerEventDown => (double)EventsDown / Events;

    public double PerEventUp => (double)EventsUp / Events;
}

/// <summary>
/// The official client's runs and ours for one case, and whether they agree within <see cref="Tolerance"/>. Where the
/// library races (<see cref="InteropCase.Races"/>), compared is one run of each that took the same path (the same setup
/// connections, the fewest such), and no common path disagrees; elsewhere the first run of each.
/// </summary>
public sealed record InteropComparisonRow(InteropCase Case, IReadOnlyList<InteropFigures> OfficialRuns, IReadOnlyList<InteropFigures> OursRuns)
{
    /// <summary>How far our figures may lie from the official client's: 5%, the bound.</summary>
    public const double Tolerance = 0.05;

    /// <summary>Each figure's relative difference (ours - official) / official; 0 when both are 0, infinite when only the official one is.</summary>
    public IReadOnlyList<(string Figure, double Official, double Ours, double Difference)> Figures =>
    [
        Compare("setup down", Official.SetupDown, Ours.SetupDown),
        Compare("setup up", Official.SetupUp, Ours.SetupUp),
        Compare("per event down", Official.PerEventDown, Ours.PerEventDown),
        Compare("per event up", Official.PerEventUp, Ours.PerEventUp),
    ];

    /// <summary>Where the library races: the fewest setup connections both clients took in some run, null when their runs share no path.</summary>
    public long? CommonPath => OfficialRuns.Select(r => r.SetupConnections).Intersect(OursRuns.Select(r => r.SetupConnections)).Order().Cast<long?>().FirstOrDefault();

    public InteropFigures Official => Case.Races ? OfficialRuns.FirstOrDefault(r => r.SetupConnections == CommonPath) ?? OfficialRuns[0] : OfficialRuns[0];

    public InteropFigures Ours => Case.Races ? OursRuns.FirstOrDefault(r => r.SetupConnections == CommonPath) ?? OursRuns[0] : OursRuns[0];

    /// <summary>Whether the comparison is done: one run each where the library does not race, a common path where it does.</summary>
    public bool Settled => !Case.Races || CommonPath.HasValue;

    /// <summary>How often each client took each path: "official 4 ×1, 5 ×2; ours 5 ×3" (connections during setup).</summary>
    public string Paths => $"official {Count(OfficialRuns)}; ours {Count(OursRuns)}";

    public bool Agrees => !Disagreements.Any();

    /// <summary>What lies outside the bound, one phrase each (empty when the row agrees).</summary>
    public IEnumerable<string> Disagreements =>
        (!Settled ? [$"{Case}: no run of each took the same path ({Paths} setup connections)"] : Enumerable.Empty<string>())
            .Concat(Official.Negotiated == Ours.Negotiated ? [] : [$"{Case}: official on {Official.Negotiated}, ours on {Ours.Negotiated}"])
            .Concat(Figures.Where(f => Math.Abs(f.Difference) > Tolerance).Select(f => $"{Case} {f.Figure}: official {f.Official:0.#}, ours {f.Ours:0.#} ({f.Difference:+0.0%;-0.0%})"));

    private static string Count(IEnumerable<InteropFigures> runs) =>
        string.Join(", ", runs.GroupBy(r => r.SetupConnections).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));

    private static (string, double, double, double) Compare(string figure, double official, double ours) =>
        (figure, official, ours, official == 0 ? (ours == 0 ? 0 : double.PositiveInfinity) : (ours - official) / official);
}
