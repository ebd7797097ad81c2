using System.Globalization;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// The suite's own bare protocols with a library's fallback: WebSocket, then SSE, then long polling, SockJS-style. A
/// candidate that fails to open (a proxy's 403 to the upgrade, an error) or does not open within
/// <see cref="ClientOptions.FallbackProbe"/> costs its bytes and the next is tried. An open SSE stream stays on
/// probation until it has shown it delivers: a proxy that buffers streamed responses lets the head through and holds
/// the events. Our SSE server sends nothing before the first event (no SockJS-style prelude or open frame), so the probe
/// asks a long poll from the same cursor: when that returns event N (a sized response no proxy holds), the stream must
/// deliver N within the probe time, or the client moves to long polling from its cursor, losing nothing. A WebSocket
/// is not probed: once upgraded it is a tunnel an HTTP proxy cannot buffer. The sink sees one subscription per
/// transport opened, so setup bytes and time to first event include every failed attempt and the probe.
/// </summary>
public sealed class FallbackClient : ITransportClient, INegotiatingClient
{
    /// <summary>The order tried, as sockjs-client orders its transports: streaming first, polling last.</summary>
    public static IReadOnlyList<string> Order { get; } = [TransportIds.WebSocket, TransportIds.Sse, TransportIds.LongPolling];

    private readonly ClientConnections _connections;
    private readonly ClientOptions _options;
    private readonly Forwarder _sink;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ITransportClient> _retired = [];
    private ITransportClient? _current;
    private Task _probation = Task.CompletedTask;
    private long _errors;
    private long? _startCursor;
    private string? _negotiated;

    public FallbackClient(ClientConnections connections, IEventSink sink, ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(sink);
        _connections = connections;
        _options = options ?? new ClientOptions();
        _sink = new Forwarder(sink);
    }

    public string Transport => TransportIds.Fallback;

    public string? NegotiatedTransport => Volatile.Read(ref _negotiated);

    public long? Cursor => Current?.Cursor ?? _startCursor;

    public long Reconnects => Current?.Reconnects ?? 0;

    public long Errors
    {
        get
        {
            lock (_gate)
            {
                return Interlocked.Read(ref _errors) + _retired.Sum(c => c.Errors) + (_current?.Errors ?? 0);
            }
        }
    }

    private ITransportClient? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public async Task StartAsync(long? cursor, CancellationToken cancellationToken)
    {
        _startCursor = cursor;
        Exception? last = null;
        for (var i = 0; i < Order.Count; i++)
        {
            var candidate = TransportClients.Create(Order[i], _connections, _sink, _options);
            try
            {
                await candidate.StartAsync(cursor, cancellationToken).WaitAsync(_options.FallbackProbe, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsFailedAttempt(e))
            {
                // Refused, broken or too slow to open: counted, released, and the next transport is tried.
                Interlocked.Increment(ref _errors);
                last = e;
                await RetireAsync(candidate).ConfigureAwait(false);
                continue;
            }

            Use(candidate, Order[i]);
            if (Order[i] == TransportIds.Sse)
            {
                _probation = ProbeAsync(candidate, _stop.Token);
            }

            return;
        }

        throw new HttpRequestException($"fallback: none of {string.Join(", ", Order)} got through", last);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        (Current ?? throw new InvalidOperationException("fallback: not connected.")).SendAsync(message, cancellationToken);

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _probation.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Current is { } current)
        {
            await current.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _probation.ConfigureAwait(false);
        List<ITransportClient> all;
        lock (_gate)
        {
            all = [.. _retired, .. _current is null ? Array.Empty<ITransportClient>() : [_current]];
        }

        foreach (var client in all)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Holds an SSE stream to delivering what a long poll from the same cursor gets: if the poll returns event N and the
    /// stream has not delivered N within the probe time, the stream is buffered somewhere and long polling takes over.
    /// </summary>
    private async Task ProbeAsync(ITransportClient stream, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient(_connections.CreateHttpHandler(), disposeHandler: true) { BaseAddress = _connections.HttpBase, Timeout = Timeout.InfiniteTimeSpan };
            var after = stream.Cursor;
            long? seen = null;
            while (seen is null)
            {
                var query = after is { } c ? string.Create(CultureInfo.InvariantCulture, $"?{TransportPaths.CursorQuery}={c}") : "";
                using var response = await http.GetAsync(TransportPaths.LongPoll + query, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                seen = FirstSequence(body);
                after ??= TransportPaths.CursorFromHeader(response.Headers.TryGetValues(TransportPaths.CursorHeader, out var v) ? v : null);
            }

            if (await _sink.WaitForAsync(seen.Value, _options.FallbackProbe, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Buffered: what the stream held is fetched again from the cursor by long polling.
            Interlocked.Increment(ref _errors);
            var from = stream.Cursor ?? after;
            var polling = TransportClients.Create(TransportIds.LongPolling, _connections, _sink, _options);
            await stream.CloseAsync(cancellationToken).ConfigureAwait(false);
            await polling.StartAsync(from, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _retired.Add(stream);
            }

            Use(polling, TransportIds.LongPolling);
        }
        catch (Exception e) when (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (IsFailedAttempt(e))
        {
            // The probe itself failed: the stream stays in use, the failure counted.
            Interlocked.Increment(ref _errors);
        }
    }

    private static long? FirstSequence(byte[] body)
    {
        long? first = null;
        EventBatch.ForEach<object?>(body, null, (message, _) =>
        {
            if (first is null && EventMessage.TryRead(message, out var sequence, out long _))
            {
                first = sequence;
            }
        });
        return first;
    }

    private void Use(ITransportClient client, string transport)
    {
        lock (_gate)
        {
            _current = client;
        }

        Volatile.Write(ref _negotiated, transport);
    }

    private async Task RetireAsync(ITransportClient client)
    {
        lock (_gate)
        {
            _retired.Add(client);
        }

        using var timeout = new CancellationTokenSource(_options.FallbackProbe);
        try
        {
            await client.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || IsFailedAttempt(e))
        {
            // A candidate that never opened has little to close; it is disposed with the rest.
        }
    }

    private static bool IsFailedAttempt(Exception e) =>
        e is TimeoutException or IOException or HttpRequestException or WebSocketException or InvalidDataException or InvalidOperationException;

    /// <summary>Passes everything to the harness's sink and remembers the highest sequence, for the probe.</summary>
    private sealed class Forwarder(IEventSink inner) : IEventSink
    {
        private readonly Lock _gate = new();
        private long _highest = -1;
        private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(in ReceivedEvent received)
        {
            inner.OnEvent(received);
            TaskCompletionSource moved;
            lock (_gate)
            {
                _highest = Math.Max(_highest, received.Sequence);
                moved = _moved;
                _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            moved.TrySetResult();
        }

        public void OnSubscribed() => inner.OnSubscribed();

        /// <summary>True once an event at or past <paramref name="sequence"/> has been delivered within <paramref name="limit"/>.</summary>
        public async Task<bool> WaitForAsync(long sequence, TimeSpan limit, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limit);
            while (true)
            {
                Task moved;
                lock (_gate)
                {
                    if (_highest >= sequence)
                    {
                        return true;
                    }

                    moved = _moved.Task;
                }

                try
                {
                    await moved.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }
        }
    }
}
