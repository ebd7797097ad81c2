using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transports.Results;

/// <summary>
/// A run's figures as a crank job reports its own measurements (dotnet/crank docs/measurements.md; the models
/// Microsoft.Crank.Models.MeasurementMetadata and Measurement): a "Metadata" list (source, name, aggregate,
/// reduce, format, short and long description) and a "Measurements" list (name, timestamp, value), one per
/// headline metric of every scenario measured, named "transports/{scenario}/{metric}". A job prints it on
/// stdout between <see cref="StartMarker"/> and <see cref="EndMarker"/>, as the last thing it prints, for the
/// crank agent to collect.
/// </summary>
public static class CrankMeasurements
{
    public const string StartMarker = "#StartJobStatistics";
    public const string EndMarker = "#EndJobStatistics";
    public const string Source = "Transports";

    /// <summary>The metrics exported: the headline ones, and the clock offset a cross-host run corrected by.</summary>
    public static IReadOnlyList<Metric> Exported { get; } = [.. Metrics.Headline.Where(m => !m.IsText), Metrics.ClockOffset, Metrics.ClockOffsetUncertainty];

    public static JsonObject Build(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var timestamp = (results.Environment.FinishedUtc ?? DateTimeOffset.UtcNow).UtcDateTime;
        var metadata = new JsonArray();
        var measurements = new JsonArray();
        foreach (var scenario in results.Scenarios.Where(ScenarioStatus.IsOk))
        {
            foreach (var metric in Exported)
            {
                if (metric.Read(scenario).Number is not { } value || !double.IsFinite(value))
                {
                    continue;
                }

                var name = $"transports/{scenario.Name}/{metric.Name}";
                metadata.Add(new JsonObject
                {
                    ["source"] = Source,
                    ["name"] = name,
                    ["aggregate"] = "First",
                    ["reduce"] = Operation(metric),
                    ["format"] = metric.Format,
                    ["shortDescription"] = $"{metric.Heading} {scenario.Name}",
                    ["longDescription"] = metric.Description,
                });
                measurements.Add(new JsonObject
                {
                    ["name"] = name,
                    ["timestamp"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
                    ["value"] = value,
                });
            }
        }

        return new JsonObject { ["Metadata"] = metadata, ["Measurements"] = measurements };
    }

    /// <summary>The statistics block a crank agent reads from a job's console.</summary>
    public static string ConsoleBlock(RunResults results) =>
        $"{StartMarker}\n{Build(results).ToJsonString(new JsonSerializerOptions { WriteIndented = true })}\n{EndMarker}";

    public static void Write(RunResults results, string path) =>
        AtomicFile.WriteAllText(path, Build(results).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>
    /// How crank combines one measurement of several load agents (its Operation enum). It cannot recompute a
    /// ratio or a percentile from samples (`results merge` of the shards' folders does): a deterministic ratio is
    /// the same on every agent, so its average; a noisy one (latency) takes the worst agent's, an upper bound.
    /// </summary>
    public static string Operation(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.Reduce switch
        {
            MetricReduce.Sum => "Sum",
            MetricReduce.Max => "Max",
            MetricReduce.First => "First",
            _ => metric.Kind == MetricKind.Noisy ? "Max" : "Avg",
        };
    }
}
