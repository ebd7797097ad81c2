using System.Net.WebSockets;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Contract;

public sealed class PollingInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.Polling;
}

public sealed class PollingLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.Polling;
}

public sealed class LongPollingInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.LongPolling;
}

public sealed class LongPollingLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.LongPolling;
}

public sealed class SseInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.Sse;
}

public sealed class SseLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.Sse;
}

public sealed class WebSocketInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.WebSocket;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

public sealed class WebSocketLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.WebSocket;

    [Fact]
    public async Task Close_is_a_close_handshake_not_an_abort()
    {
        var client = await StartClientAsync(new RecordingSink(), cursor: null);
        var aborts = Server.Wire.ClientAborts;
        var before = Server.Wire.Snapshot();

        await client.CloseAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // RFC 6455 §5.5.1: the client's close frame is masked (2 + 4 + 2 status + "bye"), the server's answer is not.
        await WaitUntilAsync(() => Server.Wire.Snapshot().BytesOut - before.BytesOut == 2 + 2 + 3);
        Assert.Equal(2 + 4 + 2 + 3, Server.Wire.Snapshot().BytesIn - before.BytesIn);
        Assert.Equal(aborts, Server.Wire.ClientAborts);
    }

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

public sealed class SignalRInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.SignalR;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

public sealed class SignalRLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.SignalR;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

/// <summary>tcp has no in-memory form: loopback only.</summary>
public sealed class TcpLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.Tcp;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

/// <summary>Streaming transports refuse an oversized message by closing that connection (the client then reconnects).</summary>
internal static class StreamingRefusal
{
    public static async Task AssertConnectionClosedAsync(ITransportClient offender, byte[] oversized)
    {
        var reconnectsBefore = offender.Reconnects;
        try
        {
            await offender.SendAsync(oversized, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        }
        catch (Exception e) when (e is IOException or WebSocketException)
        {
            // The server may close before the whole message is written.
        }

        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        while (offender.Reconnects == reconnectsBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(offender.Reconnects > reconnectsBefore, "the server should have closed the offending connection");
    }
}
