namespace Transports.Results;

/// <summary>The values of <see cref="ScenarioResult.Arrivals"/>: how the feed spaces the events it publishes.</summary>
public static class Arrival
{
    /// <summary>One event every 1/rate seconds (the only schedule of the first schema).</summary>
    public const string Fixed = "fixed";

    /// <summary>Exponentially distributed gaps with mean 1/rate (RFC 6202's sparse and dense cases alike).</summary>
    public const string Poisson = "poisson";

    public static IReadOnlyList<string> All { get; } = [Fixed, Poisson];
}
