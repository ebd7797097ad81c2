using Transports.Results;

namespace Transports.Charts;

/// <summary>Every chart a run gets, as models (nothing is drawn here): the entry point for renderers and the report.</summary>
public static class ChartSet
{
    /// <summary>
    /// overhead, requests, latency, latency-cdf, header-traffic, throughput (when the run sweeps the rate), library-overhead
    /// (when it measured a library and the protocol it rides on), fallback (when a scenario ran behind a proxy), then one sweep-* chart per setting the run
    /// varies, then latency-vs-rtt when it swept the RTT, throughput-vs-bandwidth when it swept a bandwidth limit, and
    /// capacity when the run searched for it. Failed scenarios are left out; a run without a successful scenario gets no chart.
    /// </summary>
    public static IReadOnlyList<ChartModel> Build(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var matrix = new ScenarioMatrix(results.Scenarios);
        if (matrix.IsEmpty)
        {
            return [];
        }

        var charts = new List<ChartModel>
        {
            OverheadChart.Build(matrix),
            RequestsChart.Build(matrix),
            LatencyChart.Build(matrix),
            LatencyCdfChart.Build(matrix),
            HeaderTrafficChart.Build(matrix),
        };
        if (ThroughputChart.Build(matrix) is { } throughput)
        {
            charts.Add(throughput);
        }

        if (LibraryOverheadChart.Build(matrix) is { } libraries)
        {
            charts.Add(libraries);
        }

        if (FallbackChart.Build(results, matrix) is { } fallback)
        {
            charts.Add(fallback);
        }

        charts.AddRange(matrix.Varying.Select(d => SweepChart.Build(matrix, d)));
        if (matrix.Varying.Contains(ScenarioDimensions.Rtt))
        {
            charts.Add(LatencyVsRttChart.Build(matrix));
        }

        if (ThroughputVsBandwidthChart.Applies(matrix))
        {
            charts.Add(ThroughputVsBandwidthChart.Build(matrix));
        }

        if (CapacityChart.Build(results.Capacity) is { } capacity)
        {
            charts.Add(capacity);
        }

        return charts;
    }
}
