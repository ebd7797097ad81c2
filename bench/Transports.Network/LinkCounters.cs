namespace Transports.Network;

/// <summary>
/// What one direction of the path has carried since the counters were last reset, so a run can show that nothing
/// was lost silently: bytes are accepted, queued, delivered, or (only when a connection aborts) discarded.
/// </summary>
/// <param name="Bytes">Bytes accepted from senders.</param>
/// <param name="Chunks">Reads from senders that carried bytes (one chunk each).</param>
/// <param name="DeliveredBytes">Bytes handed to receivers.</param>
/// <param name="DiscardedBytes">Bytes held for a connection when it aborted; TCP drops them too.</param>
/// <param name="PeakQueuedBytes">Most bytes waiting for or in serialization at the bottleneck at once.</param>
/// <param name="PeakQueueingDelay">Longest wait of one chunk behind earlier ones at the bottleneck.</param>
/// <param name="MeanQueueingDelay">That wait averaged over <paramref name="Chunks"/>.</param>
/// <param name="HeldForOrder">Chunks whose jitter would have overtaken an earlier chunk of the same connection, delivered right after it instead.</param>
/// <param name="BackpressureWaits">Times a sender's reading was paused because too many bytes were held.</param>
/// <param name="BackpressureTime">The time those pauses lasted, in total.</param>
/// <param name="DeliveredChunks">Chunks handed to receivers.</param>
/// <param name="PeakLateness">
/// The most a chunk was handed over after its scheduled time: the clock's timers and the machine's load, not the
/// model. Zero on a manual clock; on a loaded machine it shows how far the emulated path strayed from its figures.
/// </param>
/// <param name="MeanLateness">That lateness averaged over <paramref name="DeliveredChunks"/>.</param>
public sealed record LinkCounters(
    long Bytes,
    long Chunks,
    long DeliveredBytes,
    long DiscardedBytes,
    long PeakQueuedBytes,
    TimeSpan PeakQueueingDelay,
    TimeSpan MeanQueueingDelay,
    long HeldForOrder,
    long BackpressureWaits,
    TimeSpan BackpressureTime,
    long DeliveredChunks,
    TimeSpan PeakLateness,
    TimeSpan MeanLateness)
{
    /// <summary>Accepted but neither delivered nor discarded yet: on the way.</summary>
    public long InFlightBytes => Bytes - DeliveredBytes - DiscardedBytes;
}
