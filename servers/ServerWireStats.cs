using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Per-connection byte counters for every transport connection (the control plane is not counted), merged
/// on demand: closed connections' totals plus every live connection's. Also counts HTTP requests,
/// aborted responses and rejected input.
/// A live connection counts what its pipes carried (every byte the server read, every byte it wrote). Once it ends,
/// it counts what crossed its socket instead, as the kernel counted it (<see cref="TcpInfo"/>, where there is one): bytes
/// received, and bytes the client acknowledged. Input that arrived but was never read, and output thrown away (or sent
/// but never taken) when the connection closed or aborted, are then right too; a packet capture counts the same bytes,
/// plus any retransmitted.
/// An ended connection's kernel counts are read until its close handshake is over (or <see cref="CloseLinger"/> has
/// passed), then kept.
/// </summary>
public sealed class ServerWireStats
{
    /// <summary>How long an ended connection may take to finish closing before its last reading is kept regardless.</summary>
    public static readonly TimeSpan CloseLinger = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, (ConnectionContext Connection, WireCounter Counter)> _live = new(StringComparer.Ordinal);
    private readonly List<EndedConnection> _ending = [];
    private readonly WireCounter _requests = new();
    private WireSnapshot _closed;
    private long _clientAborts;
    private long _rejected;

    /// <summary>Kestrel connection middleware: count the connection's bytes for as long as it lives.</summary>
    public ConnectionDelegate Count(ConnectionDelegate next) => async connection =>
    {
        var counter = new WireCounter();
        counter.AddConnection();
        var socket = KernelSocket.Duplicate(connection);
        var original = connection.Transport;
        connection.Transport = new CountingDuplexPipe(original, counter);
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
                _live.TryRemove(connection.ConnectionId, out _);
                if (socket is null)
                {
                    _closed += counter.Snapshot();
                }
                else
                {
                    _ending.Add(new EndedConnection(counter.Snapshot(), socket));
                }

                Settle();
            }
        }
    };

    public void AddRequest() => _requests.AddRequest();

    public void AddClientAbort() => Interlocked.Increment(ref _clientAborts);

    public void AddRejected() => Interlocked.Increment(ref _rejected);

    public long ClientAborts => Interlocked.Read(ref _clientAborts);

    public long Rejected => Interlocked.Read(ref _rejected);

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

    /// <summary>Drops every live transport connection, as a crashing proxy would. Returns how many.</summary>
    public int AbortAll()
    {
        var aborted = 0;
        foreach (var (connection, _) in _live.Values)
        {
            connection.Abort(new ConnectionAbortedException("Dropped by the control plane."));
            aborted++;
        }

        return aborted;
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
    }

    /// <summary>A connection Kestrel is done with, still readable through its duplicated socket.</summary>
    private sealed class EndedConnection(WireSnapshot counted, Socket socket) : IDisposable
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
                _last = counted with { BytesIn = info.PayloadBytesReceived(activeOpen: false), BytesOut = info.PayloadBytesAcked(activeOpen: false) };
                Settled = info.IsClosed;
            }

            Settled |= Stopwatch.GetElapsedTime(_ended) > CloseLinger;
            return _last ?? counted;
        }

        public void Dispose() => socket.Dispose();
    }
}
