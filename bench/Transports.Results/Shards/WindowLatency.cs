using Transports.Contract;

namespace Transports.Results.Shards;

/// <summary>Latency p50 of each measured window part, over every client's samples in that part.</summary>
public static class WindowLatency
{
    /// <summary>
    /// <paramref name="clients"/>: each client's samples in recording order and the sample count at the end of each
    /// part. Parts every client marked are reported; a part with no sample at all is left out.
    /// </summary>
    public static List<double> P50s(IReadOnlyList<(long[] Ticks, IReadOnlyList<int> Marks)> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var windows = clients.Count == 0 ? 0 : clients.Min(c => c.Marks.Count);
        var p50s = new List<double>(windows);
        for (var w = 0; w < windows; w++)
        {
            var samples = new List<long>();
            foreach (var (ticks, marks) in clients)
            {
                var from = w == 0 ? 0 : marks[w - 1];
                samples.AddRange(ticks.AsSpan(from, marks[w] - from));
            }

            if (samples.Count > 0)
            {
                p50s.Add(LatencySummary.FromTicks([.. samples], 0, 0, 0).P50);
            }
        }

        return p50s;
    }
}
