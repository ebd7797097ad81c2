namespace Transports.Bench.Harness;

/// <summary>
/// When the harness last had the server drop every connection (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp; 0: not in this window), read by every client's recorder to tell which events straddled a drop.
/// </summary>
public sealed class DropClock
{
    private long _last;

    public long Last => Volatile.Read(ref _last);

    public void Mark(long timestamp) => Volatile.Write(ref _last, timestamp);
}
