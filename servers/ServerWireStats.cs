using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Per-connection byte counters for every transport connection (the control plane is not counted), merged
/// on demand: closed connections' totals plus every live connection's. Also counts HTTP requests,
/// aborted responses, rejected input and output flushes (each a write to the socket: what coalescing saves).
/// </summary>
public sealed class ServerWireStats
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, (ConnectionContext Connection, WireCounter Counter)> _live = new(StringComparer.Ordinal);
    private readonly WireCounter _requests = new();
    private WireSnapshot _closed;
    private long _clientAborts;
    private long _rejected;
    private long _flushes;

    /// <summary>Kestrel connection middleware: count the connection's bytes for as long as it lives.</summary>
    public ConnectionDelegate Count(ConnectionDelegate next) => async connection =>
    {
        var counter = new WireCounter();
        counter.AddConnection();
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
                _live.TryRemove(connection.ConnectionId, out _);
                _closed += counter.Snapshot();
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
            var total = _closed;
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
}
