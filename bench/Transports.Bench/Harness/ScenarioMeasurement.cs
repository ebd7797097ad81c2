using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>Everything counted for one scenario, before it is turned into figures.</summary>
public sealed record ScenarioMeasurement(
    Scenario Scenario,
    IReadOnlyList<ClientRecorder> Recorders,
    long Reconnects,
    long Errors,
    double SetupBytesPerClient,
    long FirstSequence,
    long LastSequence,
    WireSnapshot ClientWire,
    TcpTotals? ClientTcp,
    ServerStats ServerEnd,
    ServerStats ServerStart,
    UpstreamCount Upstream,
    UpstreamStats UpstreamStats,
    bool WindowClean)
{
    /// <summary>The server's clock against this host's, estimated before the window (publish timestamps were corrected by it).</summary>
    public ClockOffset? Clock { get; init; }
}
