namespace Transports.Bench.Harness;

/// <summary>
/// What a run measures, and in which order: the plan's fixed matrix (<see cref="FixedSchedule"/>), or a search that
/// picks each next scenario from the results so far (<see cref="CapacitySearchSchedule"/>). Either way every scenario
/// goes through <see cref="ScenarioMeasure"/>, which writes its result into results.json the moment it completes.
/// </summary>
public interface IScenarioSchedule
{
    /// <summary>Scenarios named as missing until measured (a search plans none up front).</summary>
    IReadOnlyList<Scenario> Planned { get; }

    /// <summary>The opening line's account of what is coming, e.g. "12 scenarios, about 50 s".</summary>
    string Describe(TimeSpan perScenario);

    /// <summary>Measures scenarios until the schedule is done; an interrupt surfaces as <see cref="OperationCanceledException"/>.</summary>
    Task RunAsync(ScenarioMeasure measure, RunOutput output, CancellationToken cancellationToken);
}

/// <summary>
/// Measures one scenario and records its result (a failure is recorded, not thrown). <paramref name="step"/> labels it in
/// the progress output ("[ 3/12]"); <paramref name="left"/> is the time still expected, where known.
/// </summary>
public delegate Task<Results.ScenarioResult> ScenarioMeasure(Scenario scenario, string step, TimeSpan? left, CancellationToken cancellationToken);
