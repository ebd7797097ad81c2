using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// The settings of a scenario other than its transport: the key that lines up a transport with the tcp floor
/// measured under the same settings, and the column key of the summary tables.
/// </summary>
internal readonly record struct ScenarioSettings(int PayloadBytes, double RateHz, int Clients, double PollIntervalMs, double UpstreamRateHz)
    : IComparable<ScenarioSettings>
{
    public static ScenarioSettings Of(ScenarioResult scenario) =>
        new(scenario.PayloadBytes, scenario.RateHz, scenario.Clients, scenario.PollIntervalMs, scenario.UpstreamRateHz);

    public bool EqualsIgnoringPoll(ScenarioSettings other) =>
        PayloadBytes == other.PayloadBytes
        && RateHz.Equals(other.RateHz)
        && Clients == other.Clients
        && UpstreamRateHz.Equals(other.UpstreamRateHz);

    public int CompareTo(ScenarioSettings other)
    {
        var order = PayloadBytes.CompareTo(other.PayloadBytes);
        if (order == 0)
        {
            order = RateHz.CompareTo(other.RateHz);
        }

        if (order == 0)
        {
            order = Clients.CompareTo(other.Clients);
        }

        if (order == 0)
        {
            order = PollIntervalMs.CompareTo(other.PollIntervalMs);
        }

        return order == 0 ? UpstreamRateHz.CompareTo(other.UpstreamRateHz) : order;
    }

    /// <summary>
    /// The scenario of <paramref name="transport"/> run under <paramref name="settings"/>. Only polling
    /// uses the poll interval, so for any other transport a single scenario that differs in nothing but the
    /// poll interval stands in (a harness may run those once rather than once per interval).
    /// </summary>
    public static ScenarioResult? Find(IEnumerable<ScenarioResult> scenarios, string transport, ScenarioSettings settings)
    {
        var candidates = scenarios.Where(s => string.Equals(s.Transport, transport, StringComparison.Ordinal)).ToList();
        var exact = candidates.FirstOrDefault(s => Of(s) == settings);
        if (exact is not null || string.Equals(transport, TransportIds.Polling, StringComparison.Ordinal))
        {
            return exact;
        }

        var loose = candidates.Where(s => Of(s).EqualsIgnoringPoll(settings)).ToList();
        return loose.Count == 1 ? loose[0] : null;
    }
}
