namespace Transports.Network;

/// <summary>
/// Where one chunk is on its way, in <see cref="TimeProvider"/> timestamps: it reached the link at
/// <see cref="ArrivedAt"/>, waited for the bottleneck until <see cref="StartedAt"/>, was serialized by
/// <see cref="FinishedAt"/>, and is handed to the far end at <see cref="DeliverAt"/>.
/// </summary>
public readonly record struct LinkSchedule(long ArrivedAt, long StartedAt, long FinishedAt, long DeliverAt)
{
    /// <summary>Time spent waiting behind earlier chunks (not counting its own serialization).</summary>
    public long QueueingDelay => StartedAt - ArrivedAt;
}
