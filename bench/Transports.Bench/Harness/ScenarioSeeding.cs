using Transports.Contract;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// A scenario's seeds, derived from the run's seed (`--seed`) and the scenario's settings, never its transport: every
/// transport of one comparison gets the same Poisson gaps and the same jitter draws (the same workload on the same
/// path), and `--seed N` replays any subset of a run exactly. A seed is given only where something draws from it.
/// </summary>
public static class ScenarioSeeding
{
    public static ScenarioSeeds For(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new ScenarioSeeds(
            Feed: string.Equals(scenario.Arrivals, Arrival.Poisson, StringComparison.Ordinal) ? Derive(scenario, "feed") : null,
            Jitter: scenario.Jitter > TimeSpan.Zero ? Derive(scenario, "jitter") : null,
            PollPhase: string.Equals(scenario.Transport, TransportIds.Polling, StringComparison.Ordinal) ? Derive(scenario, "poll-phase") : null);
    }

    /// <summary>
    /// Where each polling client starts its schedule, evenly anywhere in one interval, so a client's polls do not
    /// beat against the feed's schedule and many clients do not all ask at once.
    /// </summary>
    public static IReadOnlyList<TimeSpan> PollPhases(int seed, int clients, TimeSpan interval)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, clients).Select(_ => interval * random.NextDouble())];
    }

    /// <summary>FNV-1a over the run's seed, the settings part of the name and what the seed is for: stable across runs and platforms.</summary>
    private static int Derive(Scenario scenario, string purpose)
    {
        var name = scenario.Name;
        var settings = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var hash = 2166136261u;
        foreach (var c in $"{scenario.Seed}|{settings}|{purpose}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
