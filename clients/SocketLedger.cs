using System.Diagnostics;
using System.Net.Sockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Every client socket of a measurement, for the kernel's own counters (<see cref="TcpInfo"/>): a live socket is read
/// at each <see cref="Snapshot"/>; a released one sends its FIN and is kept until its counters stop (the close
/// handshake is over, or <see cref="CloseLinger"/> has passed), then read one last time and closed, so the segments
/// of opening and closing every connection are all counted. Where TCP_INFO is missing, sockets close at once and
/// snapshots are null.
/// <para>
/// It also tells what has reached the sockets but waits there unread (<see cref="UnreadBytes"/>): a client counts its
/// bytes in as it reads them, a server as it writes them, so bytes a client has not asked for yet (a TLS 1.3 server's
/// session tickets on a pooled connection nobody is using) would otherwise sit on one side of a window edge and not
/// the other.
/// </para>
/// </summary>
public sealed class SocketLedger : IDisposable
{
    /// <summary>How long a released socket may take to finish its close handshake before it is closed regardless.</summary>
    public static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly List<Entry> _open = [];
    private TcpTotals _closed;
    private long _closedUnread;
    private bool _disposed;

    public static bool IsSupported => TcpInfo.IsSupported;

    /// <summary>Starts counting a connected socket.</summary>
    public void Add(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _open.Add(new Entry(socket, TcpInfo.IsIPv6(socket)));
        }
    }

    /// <summary>The client is done with <paramref name="socket"/>: its FIN goes out now; it closes once its counters stop.</summary>
    public void Release(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!IsSupported)
        {
            lock (_gate)
            {
                if (_open.Find(e => e.Socket == socket) is { } gone)
                {
                    _closedUnread += gone.Unread();
                    _open.Remove(gone);
                }
            }

            socket.Dispose();
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset or closed already: nothing more will cross it.
        }

        lock (_gate)
        {
            var entry = _open.Find(e => e.Socket == socket);
            if (entry is null || _disposed)
            {
                socket.Dispose();
                return;
            }

            entry.ReleasedAt ??= Stopwatch.GetTimestamp();
            Reap();
        }
    }

    /// <summary>Segments and bytes of every socket so far (closed ones' last reading plus live ones' now); null without TCP_INFO.</summary>
    public TcpTotals? Snapshot()
    {
        if (!IsSupported)
        {
            return null;
        }

        lock (_gate)
        {
            Reap();
            var total = _closed;
            foreach (var entry in _open)
            {
                total += entry.Read();
            }

            return total;
        }
    }

    /// <summary>
    /// Bytes that reached the sockets and were never read, or not yet (FIONREAD): waiting now in a live socket, or left
    /// in a closed one. A client's bytes in are its reads plus these: what crossed the wire to it.
    /// </summary>
    public long UnreadBytes()
    {
        lock (_gate)
        {
            Reap();
            var total = _closedUnread;
            foreach (var entry in _open)
            {
                total += entry.Unread();
            }

            return total;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _open)
            {
                entry.Socket.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Closes released sockets whose close handshake is over (or has taken too long), keeping their last reading.</summary>
    private void Reap()
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            var entry = _open[i];
            if (entry.ReleasedAt is not { } released)
            {
                continue;
            }

            var last = entry.Read();
            if (entry.Closed || Stopwatch.GetElapsedTime(released) > CloseLinger)
            {
                _closed += last;
                _closedUnread += entry.Unread();
                entry.Socket.Dispose();
                _open.RemoveAt(i);
            }
        }
    }

    private sealed class Entry(Socket socket, bool ipv6)
    {
        private TcpTotals _last;
        private long _lastUnread;

        public Socket Socket { get; } = socket;

        public long? ReleasedAt { get; set; }

        /// <summary>The connection is gone: its counters will not move again.</summary>
        public bool Closed { get; private set; }

        /// <summary>The counters now, or the last ones read once the socket can no longer be asked.</summary>
        public TcpTotals Read()
        {
            if (TcpInfo.TryRead(Socket) is { } info)
            {
                _last = info.Totals(ipv6, activeOpen: true);
                Closed = info.IsClosed;
            }
            else
            {
                Closed = true;
            }

            return _last;
        }

        /// <summary>Bytes waiting in the socket's receive queue, or the last count once it can no longer be asked.</summary>
        public long Unread()
        {
            try
            {
                _lastUnread = Socket.Available;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed: what it held last is what it was left with.
            }

            return _lastUnread;
        }
    }
}
