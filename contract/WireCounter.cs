namespace Transports.Contract;

/// <summary>
/// Bytes, connections and HTTP requests counted at one end of the wire, and the HTTP/1.1 heads among those bytes where
/// an <see cref="HttpHeadSplitter"/> watches them. Writers add with Interlocked;
/// readers take a <see cref="WireSnapshot"/> and subtract two of them to get a window.
/// </summary>
public sealed class WireCounter
{
    private long _bytesIn;
    private long _bytesOut;
    private long _connections;
    private long _requests;
    private long _headBytes;
    private long _headLines;
    private long _headLosses;

    public void AddIn(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void AddOut(long bytes) => Interlocked.Add(ref _bytesOut, bytes);

    public void AddConnection() => Interlocked.Increment(ref _connections);

    public void AddRequest() => Interlocked.Increment(ref _requests);

    /// <summary>One whole HTTP head: its bytes (CRLFs included) and its lines (the empty one included).</summary>
    public void AddHead(long bytes, long lines)
    {
        Interlocked.Add(ref _headBytes, bytes);
        Interlocked.Add(ref _headLines, lines);
    }

    /// <summary>A connection direction whose heads could no longer be told from its bodies.</summary>
    public void AddHeadLoss() => Interlocked.Increment(ref _headLosses);

    public WireSnapshot Snapshot() => new(
        Interlocked.Read(ref _bytesIn),
        Interlocked.Read(ref _bytesOut),
        Interlocked.Read(ref _connections),
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _headBytes),
        Interlocked.Read(ref _headLines),
        Interlocked.Read(ref _headLosses));
}

/// <summary>
/// Counter values at one instant; subtract two to get what crossed in between. HeadBytes and HeadLines: the HTTP/1.1
/// heads (start line, header lines, empty line) within BytesIn and BytesOut where they were split out; HeadLosses:
/// connection directions where the split lost track.
/// </summary>
public readonly record struct WireSnapshot(long BytesIn, long BytesOut, long Connections, long Requests, long HeadBytes = 0, long HeadLines = 0, long HeadLosses = 0)
{
    public long Bytes => BytesIn + BytesOut;

    /// <summary>The heads' text without line ends (2 B per line): the characters of the header text.</summary>
    public long HeadTextBytes => HeadBytes - (2 * HeadLines);

    public static WireSnapshot operator -(WireSnapshot end, WireSnapshot start) => new(
        end.BytesIn - start.BytesIn,
        end.BytesOut - start.BytesOut,
        end.Connections - start.Connections,
        end.Requests - start.Requests,
        end.HeadBytes - start.HeadBytes,
        end.HeadLines - start.HeadLines,
        end.HeadLosses - start.HeadLosses);

    public static WireSnapshot operator +(WireSnapshot a, WireSnapshot b) => new(
        a.BytesIn + b.BytesIn,
        a.BytesOut + b.BytesOut,
        a.Connections + b.Connections,
        a.Requests + b.Requests,
        a.HeadBytes + b.HeadBytes,
        a.HeadLines + b.HeadLines,
        a.HeadLosses + b.HeadLosses);

    public static WireSnapshot Subtract(WireSnapshot end, WireSnapshot start) => end - start;

    public static WireSnapshot Add(WireSnapshot a, WireSnapshot b) => a + b;
}
