using System.Globalization;

namespace Transports.Results.Comparison;

/// <summary>
/// How far a value may move before it counts: the change must exceed both <see cref="Absolute"/> (in the
/// metric's unit) and <see cref="Relative"/> of the baseline. Zero and zero means any move. A transport
/// whose figure depends on more than the protocol (polling's on its own schedule) has its own entry in
/// <see cref="ByTransport"/>.
/// </summary>
public sealed record Tolerance(double Relative, double Absolute)
{
    /// <summary>Any move counts.</summary>
    public static Tolerance Exact { get; } = new(0, 0);

    public IReadOnlyDictionary<string, Tolerance> ByTransport { get; init; } = new Dictionary<string, Tolerance>(StringComparer.Ordinal);

    /// <summary>The tolerance that holds for <paramref name="transport"/>.</summary>
    public Tolerance For(string transport) => ByTransport.TryGetValue(transport, out var own) ? own : this;

    public bool IsExceededBy(double change, double baseline) => change > Absolute && change > Relative * Math.Abs(baseline);

    /// <summary>"1.5% and 0.5 B; polling 10% and 0.5 B", or "none" for an exact one.</summary>
    public string Describe(string unit)
    {
        var own = Relative == 0 && Absolute == 0
            ? "none"
            : Absolute == 0
                ? Invariant($"{Relative:0.##%}")
                : Invariant($"{Relative:0.##%} and {Absolute:0.###} {unit}");
        return ByTransport.Count == 0
            ? own
            : own + "; " + string.Join("; ", ByTransport.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.Describe(unit)}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
