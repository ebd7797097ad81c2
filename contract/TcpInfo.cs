using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Transports.Contract;

/// <summary>
/// The kernel's own counters of one TCP connection: Linux <c>getsockopt(IPPROTO_TCP, TCP_INFO)</c>, <c>struct
/// tcp_info</c> (include/uapi/linux/tcp.h). Read where the socket is; absent (null) where the OS has no TCP_INFO or
/// the socket is gone. Offsets: state 0, options 5, bytes_acked 120, bytes_received 128, segs_out 136, segs_in 140,
/// bytes_sent 200 and bytes_retrans 208 (Linux 4.19+).
/// </summary>
public readonly record struct TcpInfo(
    byte State,
    byte Options,
    long SegmentsOut,
    long SegmentsIn,
    long BytesAcked,
    long BytesReceived,
    long BytesSent,
    long BytesRetransmitted = 0)
{
    private const int IpProtoTcp = 6;
    private const int TcpInfoOption = 11;
    private const int MinimumLength = 216;

    /// <summary>tcpi_state: the connection is gone (both FINs done, or reset); its counters no longer move.</summary>
    public const byte StateClose = 7;

    // tcpi_state values once the peer's FIN has come in.
    private const byte StateEstablished = 1;
    private const byte StateTimeWait = 6;
    private const byte StateCloseWait = 8;
    private const byte StateLastAck = 9;
    private const byte StateClosing = 11;

    /// <summary>tcpi_options bits.</summary>
    public const byte OptionTimestamps = 1;
    public const byte OptionSack = 2;
    public const byte OptionWindowScale = 4;

    public static bool IsSupported => OperatingSystem.IsLinux();

    public bool IsClosed => State == StateClose;

    /// <summary>This end has not sent its FIN yet (established, or the peer's FIN in and ours not out).</summary>
    public bool SendingOpen => State is StateEstablished or StateCloseWait;

    /// <summary>
    /// The peer's FIN has come in: the state says so, or the connection is closed after our own FIN was acknowledged
    /// (an orderly close both ways; a connection reset before that had no FIN from the peer). A peer that acknowledged our
    /// FIN and then reset is the one case this misreads: its count of bytes in is then one high.
    /// </summary>
    public bool PeerFinished(bool activeOpen) =>
        State is StateTimeWait or StateCloseWait or StateLastAck or StateClosing || (IsClosed && FinAcked(activeOpen));

    /// <summary>
    /// Payload bytes received: tcpi_bytes_received counts sequence numbers, and the peer's FIN takes one. (Bytes out are
    /// tcpi_bytes_sent, which counts data only.) <paramref name="activeOpen"/>: this end opened the connection.
    /// </summary>
    public long PayloadBytesReceived(bool activeOpen) => BytesReceived - (PeerFinished(activeOpen) && BytesReceived > 0 ? 1 : 0);

    /// <summary>
    /// Payload bytes the peer acknowledged, so received. tcpi_bytes_acked counts sequence numbers: on the side that opened
    /// the connection (<paramref name="activeOpen"/>) it includes the SYN's, and once our FIN is acknowledged, the FIN's
    /// (known when the count passes the distinct data bytes sent).
    /// </summary>
    public long PayloadBytesAcked(bool activeOpen) => FinAcked(activeOpen) ? AckedAfterSyn(activeOpen) - 1 : AckedAfterSyn(activeOpen);

    private long AckedAfterSyn(bool activeOpen) => BytesAcked - (activeOpen && BytesAcked > 0 ? 1 : 0);

    private bool FinAcked(bool activeOpen) => AckedAfterSyn(activeOpen) > BytesSent - BytesRetransmitted;

    /// <summary>The socket's counters now; null where TCP_INFO is not available or the socket is closed.</summary>
    public static TcpInfo? TryRead(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!IsSupported)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        int length;
        try
        {
            length = socket.GetRawSocketOption(IpProtoTcp, TcpInfoOption, buffer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }

        if (length < MinimumLength)
        {
            return null;
        }

        return new TcpInfo(
            buffer[0],
            buffer[5],
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[120..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[128..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[200..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[208..]));
    }

    /// <summary>
    /// IP and TCP header bytes of every segment so far: 20 B IPv4 (40 B IPv6) + 20 B TCP + the options negotiated (12 B
    /// with timestamps, on every segment). The SYN and the SYN-ACK carry the handshake's own options instead: MSS 4 B,
    /// SACK-permitted and timestamps 12 B, window scale 4 B.
    /// </summary>
    public long HeaderBytes(bool ipv6)
    {
        var timestamps = (Options & OptionTimestamps) != 0;
        var sack = (Options & OptionSack) != 0;
        var perSegment = (ipv6 ? 40 : 20) + 20 + (timestamps ? 12 : 0);
        var handshakeOptions = 4 + (timestamps ? 12 : sack ? 4 : 0) + ((Options & OptionWindowScale) != 0 ? 4 : 0);
        var handshakeExtra = 2 * (handshakeOptions - (timestamps ? 12 : 0));
        return ((SegmentsOut + SegmentsIn) * perSegment) + handshakeExtra;
    }

    /// <summary>Whether the connection runs over IPv6 on the wire (an IPv4-mapped address is IPv4).</summary>
    public static bool IsIPv6(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            return socket.RemoteEndPoint is IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } remote && !remote.Address.IsIPv4MappedToIPv6;
        }
        catch (ObjectDisposedException)
        {
            return socket.AddressFamily == AddressFamily.InterNetworkV6;
        }
    }

    /// <summary>This connection's counters as totals that add up over connections (payload out as sent, retransmissions included).</summary>
    public TcpTotals Totals(bool ipv6, bool activeOpen) => new(SegmentsOut, SegmentsIn, BytesSent, PayloadBytesReceived(activeOpen), HeaderBytes(ipv6));
}

/// <summary>
/// TCP segments and bytes at one end of some connections, as the kernel counted them (<see cref="TcpInfo"/>):
/// payload bytes both ways and the IP and TCP header bytes of every segment. Subtract two to get a window.
/// </summary>
public readonly record struct TcpTotals(long SegmentsOut, long SegmentsIn, long PayloadBytesOut, long PayloadBytesIn, long HeaderBytes)
{
    public long Segments => SegmentsOut + SegmentsIn;

    /// <summary>What crossed the wire at the IP layer: payload plus every segment's headers.</summary>
    public long IpBytes => PayloadBytesOut + PayloadBytesIn + HeaderBytes;

    public static TcpTotals operator +(TcpTotals a, TcpTotals b) => new(
        a.SegmentsOut + b.SegmentsOut,
        a.SegmentsIn + b.SegmentsIn,
        a.PayloadBytesOut + b.PayloadBytesOut,
        a.PayloadBytesIn + b.PayloadBytesIn,
        a.HeaderBytes + b.HeaderBytes);

    public static TcpTotals operator -(TcpTotals a, TcpTotals b) => new(
        a.SegmentsOut - b.SegmentsOut,
        a.SegmentsIn - b.SegmentsIn,
        a.PayloadBytesOut - b.PayloadBytesOut,
        a.PayloadBytesIn - b.PayloadBytesIn,
        a.HeaderBytes - b.HeaderBytes);

    public static TcpTotals Add(TcpTotals a, TcpTotals b) => a + b;

    public static TcpTotals Subtract(TcpTotals a, TcpTotals b) => a - b;
}
