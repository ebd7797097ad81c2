using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Per-connection byte counters for every transport connection (the control plane is not counted), merged
/// on demand: closed connections' totals plus every live connection's. Also counts HTTP requests,
/// aborted responses, rejected input and output flushes (each a write to the socket: what coalescing saves).
/// A live connection counts what its pipes carried (every byte the server read, every byte it wrote). Once it ends,
/// it counts what crossed its socket instead, as the kernel counted it (<see cref="TcpInfo"/>, where there is one): bytes
/// received, and bytes the client acknowledged. Input that arrived but was never read, and output thrown away (or sent
/// but never taken) when the connection closed or aborted, are then right too; a packet capture counts the same bytes,
/// plus any retransmitted.
/// An ended connection's kernel counts are read until its close handshake is over (or <see cref="CloseLinger"/> has
/// passed), then kept. A connection Kestrel aborted (closed without a shutdown) is held open only by our copy: once
/// <see cref="AbortGrace"/> has passed without our FIN, the copy is closed, so the peer sees the close (the reset) it
/// would have seen anyway, that much later.
/// </summary>
public sealed class ServerWireStats : IDisposable
{
    /// <summary>How long an ended connection may take to finish closing before its last reading is kept regardless.</summary>
    public static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(2);

    /// <summary>How long after its end a connection may stay without our FIN before it is taken to be aborted.</summary>
    public static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>How often ended connections are read while some are still closing.</summary>
    private static readonly TimeSpan SettleInterval = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, (ConnectionContext Connection, WireCounter Counter)> _live = new(StringComparer.Ordinal);
    private readonly List<EndedConnection> _ending = [];
    private readonly ConcurrentDictionary<string, bool> _aborting = new(StringComparer.Ordinal);
    private readonly WireCounter _requests = new();
    private readonly Timer _settler;
    private WireSnapshot _closed;
    private bool _disposed;
    private long _clientAborts;
    private long _rejected;
    private long _flushes;

    private readonly bool _holdEnded;

    /// <param name="holdEnded">Hold each ended connection's socket until its close settles, to count it to the end (<see cref="TransportServerOptions.TeardownCounts"/>).</param>
    public ServerWireStats(bool holdEnded = false)
    {
        _holdEnded = holdEnded;
        _settler = new Timer(_ =>
        {
            lock (_gate)
            {
                Settle();
            }
        });
    }

    /// <summary>Kestrel connection middleware: count the connection's bytes for as long as it lives.</summary>
    public ConnectionDelegate Count(ConnectionDelegate next) => async connection =>
    {
        var counter = new WireCounter();
        counter.AddConnection();
        var socket = _holdEnded ? KernelSocket.Duplicate(connection) : null;
        var original = connection.Transport;
        connection.Transport = new CountingDuplexPipe(original, counter, AddFlush);
        _live[connection.ConnectionId] = (connection, counter);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
            lock (_gate)
            {
                if (socket is null || _disposed)
                {
                    _closed += counter.Snapshot();
                    socket?.Dispose();
                }
                else
                {
                    // One we aborted is let go at once: held, it would keep the abort from reaching the client.
                    _ending.Add(new EndedConnection(counter.Snapshot(), socket, aborted: _aborting.TryRemove(connection.ConnectionId, out _)));
                }

                Settle();

                // Live until now: whoever sees it gone sees an aborted connection's socket let go too.
                _live.TryRemove(connection.ConnectionId, out _);
            }
        }
    };

    public void AddRequest() => _requests.AddRequest();

    public void AddClientAbort() => Interlocked.Increment(ref _clientAborts);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public long ClientAborts => Interlocked.Read(ref _clientAborts);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Flushes of every transport connection's output so far.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    private void AddFlush() => Interlocked.Increment(ref _flushes);
    /// <summary>Transport connections open now.</summary>
    public int LiveConnections => _live.Count;

    /// <summary>Bytes and connections of every transport connection so far; requests counted by HTTP.</summary>
    public WireSnapshot Snapshot()
    {
        lock (_gate)
        {
            Settle();
            var total = _closed;
            foreach (var ended in _ending)
            {
                total += ended.Read();
            }

            foreach (var (_, counter) in _live.Values)
            {
                total += counter.Snapshot();
            }

            return total with { Requests = _requests.Snapshot().Requests };
        }
    }

    /// <summary>
    /// Drops every live transport connection, as a crashing proxy would, but <paramref name="except"/> (the connection
    /// asking, so its answer gets out). Returns how many.
    /// </summary>
    public int AbortAll(string? except = null)
    {
        var aborted = 0;
        foreach (var (connection, _) in _live.Values)
        {
            if (string.Equals(connection.ConnectionId, except, StringComparison.Ordinal))
            {
                continue;
            }

            _aborting[connection.ConnectionId] = true;
            connection.Abort(new ConnectionAbortedException("Dropped by the control plane."));
            aborted++;
        }

        return aborted;
    }

    /// <summary>Lets go of every ended connection's socket still held (the host is stopping).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _settler.Dispose();
            foreach (var ended in _ending)
            {
                _closed += ended.Read();
                ended.Dispose();
            }

            _ending.Clear();
        }
    }

    /// <summary>Keeps the last reading of ended connections whose counts will not move again, and lets their sockets go.</summary>
    private void Settle()
    {
        for (var i = _ending.Count - 1; i >= 0; i--)
        {
            var ended = _ending[i];
            var last = ended.Read();
            if (ended.Settled)
            {
                _closed += last;
                _ending.RemoveAt(i);
                ended.Dispose();
            }
        }

        // Read again soon while any connection is still closing (nothing else may ask), else stop.
        if (!_disposed)
        {
            _settler.Change(_ending.Count > 0 ? SettleInterval : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A connection Kestrel is done with, still readable through its duplicated socket.</summary>
    private sealed class EndedConnection(WireSnapshot counted, Socket socket, bool aborted) : IDisposable
    {
        private readonly long _ended = Stopwatch.GetTimestamp();
        private WireSnapshot? _last;

        /// <summary>The close handshake is over (or took too long): the reading will not change.</summary>
        public bool Settled { get; private set; }

        /// <summary>What crossed the socket: the kernel's payload bytes each way (received; acknowledged by the client), the connection as counted.</summary>
        public WireSnapshot Read()
        {
            if (!Settled && TcpInfo.TryRead(socket) is { } info)
            {
                Settled = aborted || info.IsClosed || (info.SendingOpen && Stopwatch.GetElapsedTime(_ended) > AbortGrace) || Stopwatch.GetElapsedTime(_ended) > CloseLinger;
                // Bytes in only grow (input never read included). Bytes out stay as written until the close is over:
                // acknowledgements still on their way would otherwise take back, for a while, bytes already delivered.
                _last = counted with
                {
                    BytesIn = Math.Max(counted.BytesIn, info.PayloadBytesReceived(activeOpen: false)),
                    BytesOut = Settled ? info.PayloadBytesAcked(activeOpen: false) : counted.BytesOut,
                };
            }

            Settled |= Stopwatch.GetElapsedTime(_ended) > CloseLinger;
            return _last ?? counted;
        }

        public void Dispose() => socket.Dispose();
    }
}
