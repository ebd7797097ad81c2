using System.Globalization;
using Transports.Contract;
using Transports.Tests.Harness;

namespace Transports.Tests.Libraries;

/// <summary>
/// What `run` measures per event on the Node-hosted transports, held exactly to what each protocol fixes (one event per
/// frame at this rate): node-ws a WebSocket frame header as our websocket; Socket.IO over websocket the packet
/// <c>42["event","…"]</c> (14 B, the message needs no JSON escaping: base64url and padding) in a text frame; SockJS over
/// websocket <c>a["…"]</c> (5 B) in a text frame; SockJS over xhr-streaming <c>a["…"]\n</c> (6 B) in an HTTP/1.1 chunk
/// (its size in hex, CRLF, the data, CRLF). Nothing goes upstream. The real Node servers, started as a run starts them.
/// </summary>
public sealed class NodeTransportExactTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    public static TheoryData<string, string, int> Cases => new()
    {
        { TransportIds.NodeWs, LibraryTransports.Auto, 16 },
        { TransportIds.NodeWs, LibraryTransports.Auto, 300 },
        { TransportIds.SocketIo, LibraryTransports.SocketIoWebSocket, 16 },
        { TransportIds.SocketIo, LibraryTransports.SocketIoWebSocket, 300 },
        { TransportIds.SocketIo, LibraryTransports.Auto, 16 },
        { TransportIds.SockJs, LibraryTransports.SockJsWebSocket, 16 },
        { TransportIds.SockJs, LibraryTransports.SockJsWebSocket, 300 },
        { TransportIds.SockJs, LibraryTransports.Auto, 16 },
        { TransportIds.SockJs, LibraryTransports.SockJsXhrStreaming, 16 },
        { TransportIds.SockJs, LibraryTransports.SockJsXhrStreaming, 300 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_event_costs_exactly_its_frame(string transport, string mode, int payload)
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(transport, payloadBytes: payload, rateHz: 20, seconds: 0.6) with
        {
            SocketIoTransport = transport == TransportIds.SocketIo ? mode : LibraryTransports.Auto,
            SockJsTransport = transport == TransportIds.SockJs ? mode : LibraryTransports.Auto,
        });

        Assert.True(result.EventsDelivered >= 10, $"{result.EventsDelivered} events");
        Assert.Equal(0, result.EventsLost);
        Assert.Equal(Expected(transport, mode, payload), result.OverheadBytesPerEventDown);
        Assert.Equal(0, result.OverheadBytesPerEventUp);
        Assert.Equal(result.ClientBytesReceived, result.ServerBytesOut);
        Assert.NotNull(result.BridgeHopP50Ms);
        if (transport != TransportIds.NodeWs)
        {
            // auto settles on websocket on loopback: Socket.IO upgrades before the window, SockJS opens it first.
            Assert.Equal(mode == LibraryTransports.SockJsXhrStreaming ? mode : LibraryTransports.SocketIoWebSocket, result.NegotiatedTransport);
            Assert.True(result.LibraryHeartbeatMs > 25_000);
        }
    }

    /// <summary>The per-event bytes around the message, from the protocols' own rules.</summary>
    private static int Expected(string transport, string mode, int payload)
    {
        static int WebSocketHeader(int length) => length <= 125 ? 2 : 4;
        static int Chunk(int length) => length.ToString("x", CultureInfo.InvariantCulture).Length + 2 + 2;
        switch (transport)
        {
            case TransportIds.NodeWs:
                return WebSocketHeader(payload);
            case TransportIds.SocketIo:
                var packet = SocketIoPackets.EventOverhead(SocketIoPackets.EventName);
                return packet + WebSocketHeader(payload + packet);
            default:
                var frame = SockJsFrames.EventOverhead;
                return mode == LibraryTransports.SockJsXhrStreaming
                    ? frame + 1 + Chunk(payload + frame + 1)
                    : frame + WebSocketHeader(payload + frame);
        }
    }
}
