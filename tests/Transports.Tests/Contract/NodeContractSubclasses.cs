using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Contract;

/// <summary>
/// The contract on a Node-hosted transport: the real Node server (servers/node) fed from a loopback Kestrel's tcp floor,
/// our client against it. Beyond the common tests: the Node server drops every connection and the client resumes from
/// its cursor with nothing lost, and the client's byte counts equal the Node server's on a quiet wire.
/// </summary>
public abstract class NodeTransportContractTests : TransportContractTests
{
    private NodeTestServer Node => (NodeTestServer)Server;

    protected override async Task<ITestServer> StartServerAsync() => await NodeTestServer.StartAsync(Transport);

    /// <summary>A Node server refuses an oversized upstream message by ending that session (1009, or Socket.IO's disconnect): the client reconnects.</summary>
    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);

    [Fact]
    public async Task Resume_after_the_Node_server_drops_the_connection_loses_nothing()
    {
        var sink = new RecordingSink();
        await StartClientAsync(sink, cursor: null);
        var first = Server.Feed.LastSequence + 1;
        var last = Publish(5);
        await sink.WaitForSequenceAsync(last);

        Assert.True(await Node.Node.DropAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout) >= 1);
        Publish(5);
        last = Publish(5);
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(Range(first, last), sink.Sequences);
    }

    [Fact]
    public async Task Client_and_Node_server_count_the_same_bytes()
    {
        var counter = new WireCounter();
        var sink = new RecordingSink();
        var before = (await Node.Node.StatsAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Stats.Wire;
        await StartClientAsync(sink, cursor: null, counter);
        var last = Publish(10, payloadBytes: 500);
        await sink.WaitForSequenceAsync(last);

        // Both ends agree once the wire is quiet, with the connection open (as the harness reads them at a window's edge):
        // after a goodbye, a library may still answer a held poll that the client no longer reads.
        WireSnapshot server = default;
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        do
        {
            server = (await Node.Node.StatsAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Stats.Wire - before;
            if (server.BytesOut == counter.Snapshot().BytesIn && server.BytesIn == counter.Snapshot().BytesOut)
            {
                break;
            }

            await Task.Delay(10);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(counter.Snapshot().BytesIn, server.BytesOut);
        Assert.Equal(counter.Snapshot().BytesOut, server.BytesIn);
        Assert.True(counter.Snapshot().BytesIn > 10 * 500);
    }
}

public sealed class NodeWsContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.NodeWs;
}

/// <summary>Socket.IO as the library connects by default: polling, then the upgrade to websocket.</summary>
public sealed class SocketIoContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.SocketIo;
}

public sealed class SocketIoPollingContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.SocketIo;

    protected override ClientOptions ClientOptions => TestDefaults.ClientOptions with { SocketIoTransport = LibraryTransports.SocketIoPolling };
}

/// <summary>SockJS as sockjs-client connects by default: websocket first.</summary>
public sealed class SockJsContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.SockJs;
}

public sealed class SockJsXhrStreamingContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.SockJs;

    protected override ClientOptions ClientOptions => TestDefaults.ClientOptions with { SockJsTransport = LibraryTransports.SockJsXhrStreaming };
}

public sealed class SockJsXhrPollingContract : NodeTransportContractTests
{
    public override string Transport => TransportIds.SockJs;

    protected override ClientOptions ClientOptions => TestDefaults.ClientOptions with { SockJsTransport = LibraryTransports.SockJsXhrPolling };
}
