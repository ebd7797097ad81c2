namespace Transports.Bench.Interop;

/// <summary>
/// What one client's run carried at the socket (a counting relay in front of the server): setup is every byte before
/// the first event (negotiate, handshake, upgrade), the events part every byte after, divided by the events.
/// </summary>
public sealed record InteropFigures(string Client, string Negotiated, long SetupDown, long SetupUp, long EventsDown, long EventsUp, int Events)
{
    public double PerEventDown => (double)EventsDown / Events;

    public double PerEventUp => (double)EventsUp / Events;
}

/// <summary>The official client's figures and ours for one case, and whether they agree within <see cref="Tolerance"/>.</summary>
public sealed record InteropComparisonRow(InteropCase Case, InteropFigures Official, InteropFigures Ours)
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

    public bool Agrees => Official.Negotiated == Ours.Negotiated && Figures.All(f => Math.Abs(f.Difference) <= Tolerance);

    /// <summary>The figures that lie outside the bound, one phrase each (empty when the row agrees).</summary>
    public IEnumerable<string> Disagreements =>
        Figures.Where(f => Math.Abs(f.Difference) > Tolerance).Select(f => $"{Case} {f.Figure}: official {f.Official:0.#}, ours {f.Ours:0.#} ({f.Difference:+0.0%;-0.0%})")
            .Concat(Official.Negotiated == Ours.Negotiated ? [] : [$"{Case}: official on {Official.Negotiated}, ours on {Ours.Negotiated}"]);

    private static (string, double, double, double) Compare(string figure, double official, double ours) =>
        (figure, official, ours, official == 0 ? (ours == 0 ? 0 : double.PositiveInfinity) : (ours - official) / official);
}
