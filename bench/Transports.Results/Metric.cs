namespace Transports.Results;

/// <summary>
/// A metric as data: a stable name (the results.json key), a title and unit for people, a number format,
/// and whether it is deterministic (held exactly by regression checks) or noisy (compared as a ratio to
/// the tcp floor of the same run).
/// </summary>
public sealed record Metric(
    string Name,
    string Title,
    string Unit,
    string Format,
    MetricKind Kind,
    Func<ScenarioResult, double> Read)
{
    public string Display(double value) => value.ToString(Format, System.Globalization.CultureInfo.InvariantCulture);
}

public enum MetricKind
{
    /// <summary>Fixed by the protocol and the workload: the same on every machine (bytes, requests, losses).</summary>
    Deterministic,

    /// <summary>Depends on the machine and its load (latency, CPU).</summary>
    Noisy,
}

/// <summary>The metrics reported for every scenario, in report order.</summary>
public static class Metrics
{
    public static Metric OverheadBytesPerEvent { get; } = new("overheadBytesPerEvent", "Header overhead per event", "B/event", "0.##", MetricKind.Deterministic, r => r.OverheadBytesPerEvent);
    public static Metric OverheadBytesPerEventDown { get; } = new("overheadBytesPerEventDown", "Overhead per event, server to client", "B/event", "0.##", MetricKind.Deterministic, r => r.OverheadBytesPerEventDown);
    public static Metric OverheadBytesPerEventUp { get; } = new("overheadBytesPerEventUp", "Overhead per event, client to server", "B/event", "0.##", MetricKind.Deterministic, r => r.OverheadBytesPerEventUp);
    public static Metric RequestsPerEvent { get; } = new("requestsPerEvent", "HTTP requests per event", "req/event", "0.###", MetricKind.Deterministic, r => r.RequestsPerEvent);
    public static Metric SetupBytes { get; } = new("setupBytes", "Setup bytes per client", "B", "0", MetricKind.Deterministic, r => r.SetupBytes);
    public static Metric EventsLost { get; } = new("eventsLost", "Events lost", "events", "0", MetricKind.Deterministic, r => r.EventsLost);
    public static Metric LatencyP50 { get; } = new("latencyMs.p50", "Latency p50", "ms", "0.###", MetricKind.Noisy, r => r.LatencyMs.P50);
    public static Metric LatencyP99 { get; } = new("latencyMs.p99", "Latency p99", "ms", "0.###", MetricKind.Noisy, r => r.LatencyMs.P99);
    public static Metric LatencyMax { get; } = new("latencyMs.max", "Latency max", "ms", "0.###", MetricKind.Noisy, r => r.LatencyMs.Max);
    public static Metric ServerCpuMsPerEvent { get; } = new("serverCpuMsPerEvent", "Server CPU per event", "ms/event", "0.####", MetricKind.Noisy, r => r.ServerCpuMsPerEvent);
    public static Metric ServerAllocatedBytesPerEvent { get; } = new("serverAllocatedBytesPerEvent", "Server allocation per event", "B/event", "0", MetricKind.Noisy, r => r.ServerAllocatedBytesPerEvent);

    public static IReadOnlyList<Metric> All { get; } =
    [
        OverheadBytesPerEvent,
        OverheadBytesPerEventDown,
        OverheadBytesPerEventUp,
        RequestsPerEvent,
        SetupBytes,
        EventsLost,
        LatencyP50,
        LatencyP99,
        LatencyMax,
        ServerCpuMsPerEvent,
        ServerAllocatedBytesPerEvent,
    ];
}
