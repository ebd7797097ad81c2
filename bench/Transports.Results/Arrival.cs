using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// The values of <see cref="ScenarioResult.Arrivals"/>: how the feed spaces the events it publishes. The same names
/// the server's control plane takes (<see cref="FeedArrivals"/>), so there is one list.
/// </summary>
public static class Arrival
{
    /// <summary>One event every 1/rate seconds (the only schedule of the first schema).</summary>
    public const string Fixed = FeedArrivals.Fixed;

    /// <summary>Exponentially distributed gaps with mean 1/rate (RFC 6202's sparse and dense cases alike).</summary>
    public const string Poisson = FeedArrivals.Poisson;

    public static IReadOnlyList<string> All => FeedArrivals.All;
}
