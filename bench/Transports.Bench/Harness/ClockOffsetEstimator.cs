using System.Diagnostics;

namespace Transports.Bench.Harness;

/// <summary>
/// Estimates the server's clock offset NTP-style over the control plane: several exchanges of
/// GET /control/clock, keeping the one with the smallest round trip (its offset is off by at most half of it).
/// </summary>
public static class ClockOffsetEstimator
{
    /// <summary>Exchanges per estimate: enough for one to find the path quiet on a busy machine.</summary>
    public const int Exchanges = 16;

    public static async Task<ClockOffset> EstimateAsync(ServerControlClient control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);

        // The first exchange may open the connection: it is not a sample.
        await control.ClockAsync(cancellationToken).ConfigureAwait(false);
        var samples = new List<ClockSample>(Exchanges);
        for (var i = 0; i < Exchanges; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var server = await control.ClockAsync(cancellationToken).ConfigureAwait(false);
            var t3 = Stopwatch.GetTimestamp();
            samples.Add(new ClockSample(t0, server.ReceivedTimestamp, server.SentTimestamp, t3, Stopwatch.Frequency, server.Frequency));
        }

        return ClockOffset.FromBest(samples);
    }
}
