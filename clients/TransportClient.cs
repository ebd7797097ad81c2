using System.Net.Sockets;
using System.Net.WebSockets;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// What every client shares: the subscribe/reconnect lifecycle, the cursor, and delivery to the sink.
/// A transport supplies <see cref="ReceiveAsync"/> (open one connection, call <see cref="Subscribed"/>, deliver
/// until it ends) and <see cref="SendAsync"/>. Failures before the first subscription fail
/// <see cref="StartAsync"/>; after it, the connection is re-opened from the cursor.
/// </summary>
public abstract class TransportClient(string transport, IEventSink sink, ClientOptions options) : ITransportClient
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private long _cursor = -1;
    private long _reconnects;
    private long _errors;
    private int _closing;
    private Task? _run;

    public string Transport { get; } = transport;

    protected ClientOptions Options { get; } = options;

    public long? Cursor
    {
        get
        {
            var cursor = Interlocked.Read(ref _cursor);
            return cursor < 0 ? null : cursor;
        }
    }

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long Errors => Interlocked.Read(ref _errors);

    public async Task StartAsync(long? cursor, CancellationToken cancellationToken)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The client has already started.");
        }

        Interlocked.Exchange(ref _cursor, cursor ?? -1);
        _run = RunAsync(_stop.Token);
        var first = await Task.WhenAny(_subscribed.Task, _run).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first == _run)
        {
            await _run.ConfigureAwait(false);
            throw new InvalidOperationException($"{Transport}: the connection ended before the subscription opened.");
        }
    }

    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_run is not null && Interlocked.Exchange(ref _closing, 1) == 0)
        {
            // Say goodbye first where the protocol has a way to (WebSocket close handshake), and give the
            // receive loop a moment to end on the server's answer; then stop whatever is left.
            try
            {
                if (await SayGoodbyeAsync(cancellationToken).ConfigureAwait(false))
                {
                    await Task.WhenAny(_run, Task.Delay(GoodbyeTimeout, cancellationToken)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                CountError();
            }
        }

        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        if (_run is not null)
        {
            await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long a close handshake may take before the connection is simply dropped.</summary>
    protected static TimeSpan GoodbyeTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Starts the protocol's close handshake; true when the receive loop will end on the peer's answer.</summary>
    protected virtual Task<bool> SayGoodbyeAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || IsConnectionFailure(e))
        {
            // A close that timed out or failed is counted; the connection is released below either way.
            CountError();
        }
        finally
        {
            await DisposeConnectionsAsync().ConfigureAwait(false);
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Opens one connection from <paramref name="cursor"/> and delivers events until it ends.</summary>
    protected abstract Task ReceiveAsync(long? cursor, CancellationToken cancellationToken);

    /// <summary>Releases what the client holds (HttpClient, socket).</summary>
    protected abstract ValueTask DisposeConnectionsAsync();

    /// <summary>The subscription is open after <paramref name="after"/> (null: the server did not say).</summary>
    protected void Subscribed(long? after)
    {
        if (after is { } position)
        {
            Interlocked.CompareExchange(ref _cursor, position, -1);
        }

        if (!_subscribed.Task.IsCompleted)
        {
            sink.OnSubscribed();
        }

        _subscribed.TrySetResult();
    }

    /// <summary>Parses one message and hands it to the sink; a malformed one is counted as an error.</summary>
    protected void Deliver(ReadOnlySpan<byte> message, long receivedTimestamp)
    {
        if (!EventMessage.TryRead(message, out var sequence, out var published))
        {
            Interlocked.Increment(ref _errors);
            return;
        }

        Interlocked.Exchange(ref _cursor, sequence);
        sink.OnEvent(new ReceivedEvent(sequence, published, receivedTimestamp, message.Length));
    }

    protected void CountError() => Interlocked.Increment(ref _errors);

    /// <summary>Counts a connection re-opened without the receive loop ending (an HTTP client's pool did it).</summary>
    protected void CountReconnect() => Interlocked.Increment(ref _reconnects);

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ReceiveAsync(Cursor, stop).ConfigureAwait(false);
                if (Volatile.Read(ref _closing) == 1)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when ((IsConnectionFailure(e) || e is OperationCanceledException) && _subscribed.Task.IsCompleted)
            {
                // A dropped connection or a request that timed out: counted, then resumed from the cursor.
                CountError();
            }

            // The connection ended (dropped, or the server closed it): resume from the cursor.
            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(Options.ReconnectDelay, Options.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A connection that failed or was refused; a raw socket's connect throws SocketException (no IOException around it).</summary>
    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or HttpRequestException or WebSocketException or InvalidDataException or ObjectDisposedException;
}
