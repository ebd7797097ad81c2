namespace Transports.Contract;

/// <summary>
/// Bytes, connections and HTTP requests counted at one end of the wire. Writers add with Interlocked;
/// readers take a <see cref="WireSnapshot"/> and subtract two of them to get a window.
/// </summary>
public sealed class WireCounter
{
    private long _bytesIn;
    private long _bytesOut;
    private long _connections;
    private long _requests;

    public void AddIn(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void AddOut(long bytes) => Interlocked.Add(ref _bytesOut, bytes);

    public void AddConnection() => Interlocked.Increment(ref _connections);

    public void AddRequest() => Interlocked.Increment(ref _requests);

    public WireSnapshot Snapshot() => new(
        Interlocked.Read(ref _bytesIn),
        Interlocked.Read(ref _bytesOut),
        Interlocked.Read(ref _connections),
        Interlocked.Read(ref _requests));
}

/// <summary>Counter values at one instant; subtract two to get what crossed in between.</summary>
public readonly record struct WireSnapshot(long BytesIn, long BytesOut, long Connections, long Requests)
{
    public long Bytes => BytesIn + BytesOut;

    public static WireSnapshot operator -(WireSnapshot end, WireSnapshot start) => new(
        end.BytesIn - start.BytesIn,
        end.BytesOut - start.BytesOut,
        end.Connections - start.Connections,
        end.Requests - start.Requests);

    public static WireSnapshot operator +(WireSnapshot a, WireSnapshot b) => new(
        a.BytesIn + b.BytesIn,
        a.BytesOut + b.BytesOut,
        a.Connections + b.Connections,
        a.Requests + b.Requests);

    public static WireSnapshot Subtract(WireSnapshot end, WireSnapshot start) => end - start;

    public static WireSnapshot Add(WireSnapshot a, WireSnapshot b) => a + b;
}
