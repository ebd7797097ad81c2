namespace Transports.Results.Shards;

/// <summary>
/// One client's raw window: every latency sample (Stopwatch ticks of the recording host, already corrected by
/// the clock offset), the sample counts at each window mark, and the events it received as runs of consecutive
/// sequence offsets after the window's first sequence. Enough to recompute percentiles and each client's losses.
/// </summary>
public sealed record ClientSamples
{
    public required long[] LatencyTicks { get; init; }

    /// <summary>Sum and largest of every sample, including those beyond the stored ones (<see cref="Overflow"/>).</summary>
    public long SumTicks { get; init; }

    public long MaxTicks { get; init; }

    public long Overflow { get; init; }

    /// <summary>How many of <see cref="LatencyTicks"/> had been recorded at the end of each measured window part.</summary>
    public IReadOnlyList<int> WindowMarks { get; init; } = [];

    /// <summary>Received events in the window: (offset after the first sequence, count of consecutive ones).</summary>
    public IReadOnlyList<(long Offset, long Length)> Delivered { get; init; } = [];

    /// <summary>Events of the published range this client received.</summary>
    public long DeliveredCount => Delivered.Sum(run => run.Length);
}
