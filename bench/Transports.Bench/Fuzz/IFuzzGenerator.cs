namespace Transports.Bench.Fuzz;

/// <summary>
/// One family of malformed inputs (<see cref="FuzzGenerators.All"/>). Each input comes from <paramref name="random"/>
/// alone, seeded from the run's seed and the input's index, so a seed replays the run whatever the concurrency.
/// </summary>
public interface IFuzzGenerator
{
    /// <summary>A stable name, in reports: "tcp-frames".</summary>
    string Name { get; }

    FuzzInput Create(int index, Random random, FuzzTarget target);
}
