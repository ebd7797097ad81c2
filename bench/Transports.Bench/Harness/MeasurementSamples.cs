using Transports.Results.Shards;

namespace Transports.Bench.Harness;

/// <summary>A measurement's raw samples as a client shard keeps them in samples.bin (see <see cref="SampleFile"/>).</summary>
public static class MeasurementSamples
{
    public static ScenarioSamples Of(ScenarioMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new ScenarioSamples(
            measurement.Scenario.Name,
            measurement.FirstSequence,
            measurement.LastSequence,
            [.. measurement.Recorders.Select(r => new ClientSamples
            {
                LatencyTicks = r.Latency.Ticks.ToArray(),
                SumTicks = r.Latency.Sum,
                MaxTicks = r.Latency.Max,
                Overflow = r.Latency.Overflow,
                WindowMarks = [.. r.WindowMarks],
                Delivered = r.DeliveredRuns(measurement.LastSequence),
            })]);
    }
}
