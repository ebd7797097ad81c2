using System.Diagnostics;

namespace Transports.Bench.Harness;

/// <summary>The plan's matrix, every scenario once, in order, with the time left estimated from those done.</summary>
public sealed class FixedSchedule(IReadOnlyList<Scenario> scenarios) : IScenarioSchedule
{
    private TimeSpan _perScenario;

    public IReadOnlyList<Scenario> Planned => scenarios;

    public string Describe(TimeSpan perScenario)
    {
        _perScenario = perScenario;
        return $"{scenarios.Count} scenarios, about {(perScenario * scenarios.Count).TotalSeconds:0} s";
    }

    public async Task RunAsync(ScenarioMeasure measure, RunOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var started = Stopwatch.StartNew();
        for (var i = 0; i < scenarios.Count; i++)
        {
            var left = i == 0 ? _perScenario * scenarios.Count : started.Elapsed / i * (scenarios.Count - i);
            await measure(scenarios[i], $"[{i + 1,2}/{scenarios.Count}]", left, cancellationToken).ConfigureAwait(false);
        }
    }
}
