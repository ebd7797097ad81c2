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

public sealed class StompInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.Stomp;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

public sealed class StompLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.Stomp;

    [Fact]
    public async Task Close_is_DISCONNECT_RECEIPT_and_the_close_handshake_not_an_abort()
    {
        var sink = new RecordingSink();
        var client = await StartClientAsync(sink, cursor: null);

        // An event through: the server has read the SUBSCRIBE, so the snapshot below holds it.
        await sink.WaitForSequenceAsync(Publish(1));
        var aborts = Server.Wire.ClientAborts;
        var before = Server.Wire.Snapshot();

        await client.CloseAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // Client: DISCONNECT with receipt:disconnect in a masked frame (2 + 4), then its masked close frame answering
        // the server's (2 + 4 + 2, status only). Server: RECEIPT with receipt-id:disconnect (2), then its close frame
        // (2 + 2 + "bye").
        var disconnect = "DISCONNECT\nreceipt:disconnect\n\n\0".Length;
        var receipt = "RECEIPT\nreceipt-id:disconnect\n\n\0".Length;
        await WaitUntilAsync(() => Server.Wire.Snapshot().BytesIn - before.BytesIn == 2 + 4 + disconnect + 2 + 4 + 2);
        Assert.Equal(2 + receipt + 2 + 2 + 3, Server.Wire.Snapshot().BytesOut - before.BytesOut);
        Assert.Equal(2 + 4 + disconnect + 2 + 4 + 2, Server.Wire.Snapshot().BytesIn - before.BytesIn);
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

public sealed class FallbackInMemoryContract : InMemoryTransportContractTests
{
    public override string Transport => TransportIds.Fallback;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}

public sealed class FallbackLoopbackContract : LoopbackTransportContractTests
{
    public override string Transport => TransportIds.Fallback;

    protected override Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized) =>
        StreamingRefusal.AssertConnectionClosedAsync(offender, oversized);
}
