using System.Globalization;
using System.Text.Json.Nodes;

namespace Transports.Results.Tests;

/// <summary>
/// `--crank-json`: the run's figures in crank's job statistics shape (dotnet/crank docs/measurements.md, the models
/// MeasurementMetadata and Measurement): every measurement names metadata, every reduce is one of crank's operations.
/// </summary>
public sealed class CrankMeasurementsTests
{
    private static readonly string[] Operations = ["First", "Last", "Avg", "Sum", "Median", "Max", "Min", "Count", "All", "Delta"];

    [Fact]
    public void EveryHeadlineFigureOfEveryScenarioIsAMeasurementWithItsMetadata()
    {
        var run = SyntheticRuns.Run() with { Environment = SyntheticRuns.Run().Environment with { FinishedUtc = new DateTimeOffset(2025, 1, 2, 3, 5, 0, TimeSpan.Zero) } };

        var json = CrankMeasurements.Build(run);

        var metadata = json["Metadata"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var measurements = json["Measurements"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.All(metadata, m =>
        {
            Assert.Equal("Transports", (string?)m["source"]);
            Assert.Contains((string?)m["reduce"], Operations);
            Assert.Contains((string?)m["aggregate"], Operations);
            Assert.False(string.IsNullOrWhiteSpace((string?)m["shortDescription"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)m["longDescription"]));
            Assert.Equal("1234", 1234.0.ToString((string?)m["format"], CultureInfo.InvariantCulture));
        });
        Assert.Equal(metadata.Select(m => (string?)m["name"]), measurements.Select(m => (string?)m["name"]));
        Assert.Equal(metadata.Count, metadata.Select(m => (string?)m["name"]).Distinct().Count());
        Assert.All(measurements, m => Assert.Equal(new DateTime(2025, 1, 2, 3, 5, 0, DateTimeKind.Utc), DateTime.Parse((string)m["timestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));

        // Absent figures (no upstream traffic here) are left out, never sent as zero.
        var scenario = run.Scenarios[0];
        var p50 = measurements.Single(m => (string?)m["name"] == $"transports/{scenario.Name}/latencyMs.p50");
        Assert.Equal(scenario.LatencyMs.P50, (double)p50["value"]!);
        Assert.DoesNotContain(measurements, m => ((string?)m["name"])!.EndsWith("upstreamLatencyMs.p50", StringComparison.Ordinal));
        // Absent here: upstream latency, the clock offset and its uncertainty, server memory per connection, after-drop latency;
        // and overhead, header bytes and header text per request where a transport made no requests.
        Assert.Equal((run.Scenarios.Count * (CrankMeasurements.Exported.Count - 5)) - (3 * run.Scenarios.Count(s => s.OverheadBytesPerRequest is null)), measurements.Count);
    }

    [Fact]
    public void CrankCombinesLoadAgentsByEachMetricsReduce()
    {
        Assert.Equal("Sum", CrankMeasurements.Operation(Metrics.EventsLost));
        Assert.Equal("Max", CrankMeasurements.Operation(Metrics.LatencyP99));
        Assert.Equal("Avg", CrankMeasurements.Operation(Metrics.OverheadBytesPerEvent));
        Assert.Equal("First", CrankMeasurements.Operation(Metrics.ClockOffset));
    }

    [Fact]
    public void TheConsoleBlockIsWhatTheCrankAgentParses()
    {
        var block = CrankMeasurements.ConsoleBlock(SyntheticRuns.Run()).Split('\n');

        Assert.Equal("#StartJobStatistics", block[0]);
        Assert.Equal("#EndJobStatistics", block[^1]);
        var json = JsonNode.Parse(string.Join('\n', block[1..^1]))!.AsObject();
        Assert.Equal(["Metadata", "Measurements"], json.Select(p => p.Key));
    }
}
