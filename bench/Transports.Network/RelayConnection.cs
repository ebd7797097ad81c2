using System.IO.Pipelines;
using System.Net.Sockets;

namespace Transports.Network;

/// <summary>
/// One client connection through the relay: two sockets and the pumps between them, each direction through its
/// link flow (and through the stage, when there is one).
/// </summary>
/// <remarks>
/// How a connection ends, every case:
/// <list type="bullet">
/// <item>An endpoint half-closes (FIN): the pump passes the FIN on after the delayed data; the other direction goes
/// on. Both directions finished: both sockets close.</item>
/// <item>An endpoint resets, a socket operation fails, or the stage aborts: the connection aborts. Both sockets are
/// reset at once (not after the delay: a reset drops what is in flight), held bytes are discarded and counted.</item>
/// <item>The target refuses the connection: the client is reset and the failure counted.</item>
/// <item>The relay is disposed: open connections are reset, not counted as aborted.</item>
/// </list>
/// </remarks>
internal sealed class RelayConnection : IDisposable
{
    private readonly NetworkRelay _relay;
    private readonly RelayConnectionInfo _info;
    // Never disposed: an abort may still be cancelling it when the connection finishes, and a source without a
    // timer or links holds nothing to release.
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly SocketEnd _client;
    private readonly long _acceptedAt;
    private SocketEnd? _server;

    private const int Running = 0;
    private const int Aborted = 1;
    private const int Finished = 2;
    private int _state; // guarded by _gate

    public RelayConnection(NetworkRelay relay, RelayConnectionInfo info, Socket client)
    {
        _relay = relay;
        _info = info;
        _client = new SocketEnd(client, relay.Options.ReadBufferSize);
        _acceptedAt = relay.Options.Time.GetTimestamp();
    }

    public async Task RunAsync()
    {
        var options = _relay.Options;
        IRelayStage? stage;
        try
        {
            stage = options.Stage?.Invoke(_info);
        }
        catch (Exception)
        {
            // A stage factory's failure, whatever its type, ends this connection only, counted as an abort.
            Abort(countAsAbort: true);
            return;
        }

        var serverSocket = new Socket(_info.Route.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await serverSocket.ConnectAsync(_info.Route.Target, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            serverSocket.Dispose();
            if (!_stop.IsCancellationRequested)
            {
                _relay.CountTargetConnectFailure();
            }

            _client.Reset();
            return;
        }

        _server = new SocketEnd(serverSocket, options.ReadBufferSize);
        var toServer = _relay.ToServer.OpenFlow(options.MaxHeldBytesPerConnection);
        var toClient = _relay.ToClient.OpenFlow(options.MaxHeldBytesPerConnection);
        var (intoServerLink, intoClientLink) = Handshake(toServer, toClient);
        var token = _stop.Token;
        List<Task> pumps =
        [
            Guard(RelayPump.RunAsync(toServer, _server, token)),
            Guard(RelayPump.RunAsync(_server, intoClientLink, token)),
        ];

        if (stage is not null)
        {
            pumps.AddRange(StartStage(stage, intoServerLink, toClient, token));
        }
        else
        {
            pumps.Add(Guard(RelayPump.RunAsync(_client, intoServerLink, token)));
            pumps.Add(Guard(RelayPump.RunAsync(toClient, _client, token)));
        }

        await Task.WhenAll(pumps);
        bool aborted;
        lock (_gate)
        {
            aborted = _state == Aborted;
            _state = aborted ? Aborted : Finished;
        }

        if (aborted)
        {
            toServer.Discard();
            toClient.Discard();
        }
    }

    /// <summary>
    /// Closes both sockets; call once <see cref="RunAsync"/> has returned. An aborted connection's sockets are reset
    /// here too: the pumps may end before <see cref="Abort"/> has reset them, and a reset must not become a FIN.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_state == Aborted)
            {
                _client.Reset();
                _server?.Reset();
            }
            else
            {
                _state = Finished;
            }

            _client.Dispose();
            _server?.Dispose();
        }
    }

    /// <summary>
    /// Resets both sockets and stops every pump; the first call wins, and none after the connection has finished.
    /// <paramref name="countAsAbort"/> is false when the relay itself is shutting down.
    /// </summary>
    public void Abort(bool countAsAbort)
    {
        lock (_gate)
        {
            if (_state != Running)
            {
                return;
            }

            _state = Aborted;
        }

        if (countAsAbort)
        {
            _relay.CountAbort();
        }

        // Reset before cancelling, so no pump ends (and lets the connection close) before the RST is set up. Outside
        // the lock: both may run pump continuations inline, and those end in this connection's lock.
        _client.Reset();
        _server?.Reset();
        _stop.Cancel();
    }

    /// <summary>
    /// Where each side's bytes enter the path: straight onto the links, or (<see cref="NetworkRelayOptions.Handshake"/>)
    /// held until the handshake would have completed, timed from when the relay accepted the client: its bytes one RTT
    /// later, the server's half an RTT after that.
    /// </summary>
    private (IByteSink IntoServerLink, IByteSink IntoClientLink) Handshake(LinkFlow toServer, LinkFlow toClient)
    {
        var conditions = _relay.Options.Conditions;
        if (!_relay.Options.Handshake || conditions.Rtt == TimeSpan.Zero)
        {
            return (toServer, toClient);
        }

        var clientOpens = _acceptedAt + _relay.ToServer.ToTimestamp(conditions.Rtt);
        var serverOpens = clientOpens + _relay.ToServer.ToTimestamp(conditions.ToServer.Delay);
        return (new HandshakeHold(toServer, _relay, _relay.ToServer, clientOpens), new HandshakeHold(toClient, _relay, _relay.ToClient, serverOpens));
    }

    /// <summary>The four pipes around a stage, the pumps that feed and drain them, and the stage itself.</summary>
    private IEnumerable<Task> StartStage(IRelayStage stage, IByteSink toServer, LinkFlow toClient, CancellationToken token)
    {
        var fromClient = new Pipe();
        var toClientPipe = new Pipe();
        var fromServer = new Pipe();
        var toServerPipe = new Pipe();
        yield return Guard(RelayPump.RunAsync(_client, new PipeSink(fromClient.Writer), token));
        yield return Guard(RelayPump.RunAsync(new PipeSource(toClientPipe.Reader), _client, token));
        yield return Guard(RelayPump.RunAsync(new PipeSource(toServerPipe.Reader), toServer, token));
        yield return Guard(RelayPump.RunAsync(toClient, new PipeSink(fromServer.Writer), token));
        yield return Guard(RunStageAsync());

        async Task RunStageAsync()
        {
            await stage.RunAsync(new StagePipe(fromClient.Reader, toClientPipe.Writer), new StagePipe(fromServer.Reader, toServerPipe.Writer), token);
            await toClientPipe.Writer.CompleteAsync();
            await toServerPipe.Writer.CompleteAsync();

            // What the endpoints still send after the stage is done goes nowhere, so no pump waits on a full pipe.
            await fromClient.Reader.CompleteAsync();
            await fromServer.Reader.CompleteAsync();
        }
    }

    /// <summary>The connection's one error boundary: whatever ends a pump abnormally aborts the connection, counted.</summary>
    private async Task Guard(Task pump)
    {
        try
        {
            await pump;
        }
        catch (Exception)
        {
            // Any failure of one pump (a reset, an I/O error, a stage's abort) ends this connection and only this one.
            Abort(countAsAbort: !_relay.Stopping);
        }
    }
}
