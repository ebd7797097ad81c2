using System.Globalization;

namespace Transports.Bench.Harness;

/// <summary>One transport under one combination of settings: the unit the harness measures.</summary>
public sealed record Scenario(
    string Transport,
    int PayloadBytes,
    double RateHz,
    int Clients,
    TimeSpan PollInterval,
    double UpstreamRateHz,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Windows)
{
    /// <summary>The stable full name results are keyed and compared by.</summary>
    public string Name => string.Create(
        CultureInfo.InvariantCulture,
        $"{Transport}/payload={PayloadBytes}/rate={RateHz:0.###}/clients={Clients}/poll={PollInterval.TotalMilliseconds:0.###}ms/up={UpstreamRateHz:0.###}");

    /// <summary>Events one client may see in the window, with room to spare (sizes the recorders up front).</summary>
    public int Capacity => (int)Math.Min(
        MaxCapacity,
        ((RateHz + (UpstreamRateHz * Clients)) * (Duration.TotalSeconds + 1) * 1.5) + 1024);

    /// <summary>The most events one client's recorder holds (<see cref="RunPlan.Validate"/> refuses plans above it).</summary>
    public const int MaxCapacity = 100_000_000;
}
