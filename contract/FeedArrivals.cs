namespace Transports.Contract;

/// <summary>
/// When the feed publishes, at a given mean rate: <see cref="Fixed"/> gaps of exactly 1/rate, or <see cref="Poisson"/>
/// arrivals (exponential gaps with mean 1/rate, drawn from a seeded generator so a run can be repeated exactly).
/// </summary>
public static class FeedArrivals
{
    public const string Fixed = "fixed";
    public const string Poisson = "poisson";

    public static IReadOnlyList<string> All { get; } = [Fixed, Poisson];

    public static bool IsKnown(string? name) => All.Contains(name, StringComparer.Ordinal);
}
