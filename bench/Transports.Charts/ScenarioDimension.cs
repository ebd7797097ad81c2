using Transports.Results;

namespace Transports.Charts;

/// <summary>One setting a run can sweep (payload, rate, clients, poll interval, upstream rate), as data.</summary>
public sealed record ScenarioDimension(string Id, string Title, string Unit, Func<ScenarioResult, double> Read, Func<double, string> Describe)
{
    public static ScenarioDimension Payload { get; } = new("payload", "Payload size", "B", r => r.PayloadBytes, v => $"{NumberText.Count(v)} B payload");

    public static ScenarioDimension Rate { get; } = new("rate", "Event rate", "events/s", r => r.RateHz, v => v == 1 ? "1 event/s" : $"{NumberText.Value(v)} events/s");

    public static ScenarioDimension Clients { get; } = new("clients", "Clients", "clients", r => r.Clients, v => v == 1 ? "1 client" : $"{NumberText.Count(v)} clients");

    public static ScenarioDimension PollInterval { get; } = new("poll", "Poll interval", "ms", r => r.PollIntervalMs, v => $"poll {NumberText.Value(v)} ms");

    public static ScenarioDimension UpstreamRate { get; } = new("upstream", "Upstream rate", "messages/s", r => r.UpstreamRateHz, v => $"upstream {NumberText.Value(v)}/s");

    /// <summary>Every dimension, most telling first: a picker that cannot match them all gives up the last ones first.</summary>
    public static IReadOnlyList<ScenarioDimension> All { get; } = [Payload, Clients, Rate, PollInterval, UpstreamRate];

    public string AxisLabel => string.Equals(Unit, Id, StringComparison.Ordinal) ? Title : $"{Title} ({Unit})";
}
