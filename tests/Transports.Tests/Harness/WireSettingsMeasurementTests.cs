using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;

namespace Transports.Tests.Harness;

/// <summary>
/// The wire settings measured by the harness and held to what the protocols fix (../shared/ANCHORS.md): a TLS 1.3 AEAD
/// record per event, a connection per request without keep-alive, HPACK's smaller repeated headers, compression.
/// </summary>
public sealed class WireSettingsMeasurementTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    /// <summary>TLS 1.3 with an AEAD cipher: 5-byte record header, 1 content-type byte, 16-byte tag.</summary>
    private const int TlsRecordBytes = 22;

    public static TheoryData<string, string, string> EveryTransportOverTlsAndHttp2
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var transport in TransportIds.Ids)
            {
                data.Add(transport, OnOff.On, HttpVersions.Http11);
                if (TransportIds.IsHttp(transport))
                {
                    data.Add(transport, OnOff.Off, HttpVersions.Http2);
                    data.Add(transport, OnOff.On, HttpVersions.Http2);
                }
            }

            return data;
        }
    }

    [Theory]
    [InlineData(TransportIds.WebSocket, 2)]
    [InlineData(TransportIds.Tcp, 4)]
    public async Task Over_TLS_each_16_byte_event_is_its_frame_in_one_TLS_1_3_record(string transport, int frameHeader)
    {
        // Enough events that a frame would cross a 4 KiB buffer if the write path split frames into records; coalescing
        // off, so every event is flushed, so sealed, on its own (coalesced, several share a record).
        var result = await harness.RunAsync(HarnessFixture.Scenario(transport, rateHz: 500, seconds: 1) with { Tls = OnOff.On, Coalesce = Coalescing.Off });

        Assert.True(result.EventsDelivered > 300, $"{result.EventsDelivered} events");
        Assert.Equal(0, result.EventsLost);
        Assert.Equal(frameHeader + TlsRecordBytes, result.OverheadBytesPerEventDown);
        Assert.Equal(0, result.OverheadBytesPerEventUp);
    }

    [Fact]
    public async Task Setup_bytes_over_TLS_include_the_handshake()
    {
        var plain = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Tcp));
        var tls = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Tcp) with { Tls = OnOff.On });

        // ClientHello, ServerHello, the certificate, Finished both ways and session tickets: well over 1 KB.
        Assert.True(tls.SetupBytes - plain.SetupBytes > 1000, $"TLS setup {tls.SetupBytes} B, plain {plain.SetupBytes} B");
    }

    [Theory]
    [MemberData(nameof(EveryTransportOverTlsAndHttp2))]
    public async Task Every_transport_runs_over_TLS_and_HTTP_2_with_nothing_lost_and_both_ends_agreeing(string transport, string tls, string http)
    {
        // Upstream publishes open pooled connections whenever a poll holds the one there is, so some open in the window
        // or just before it; their TLS session tickets wait unread in the client's socket until the connection is
        // used, and count as arrived there (SocketLedger.UnreadBytes), as the server counted them when it sent them.
        var result = await harness.RunAsync(HarnessFixture.Scenario(transport, payloadBytes: 64, rateHz: 10, clients: 2, seconds: 1, upstreamHz: 4) with { Tls = tls, HttpVersion = http });

        Assert.True(result.WindowClean);
        Assert.True(result.EventsDelivered > 0);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.Equal(0, result.EventsLost);
        Assert.Equal(result.UpstreamSent, result.UpstreamReceived);
        Assert.Equal(0, result.Errors);
        Assert.Equal(result.ClientBytesReceived, result.ServerBytesOut);
        Assert.Equal(result.ClientBytesSent, result.ServerBytesIn);
    }

    [Fact]
    public async Task A_lubbers2010_poll_carries_the_articles_19_header_lines_and_about_its_871_characters()
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Polling, clients: 2, pollMs: 100) with { ClientProfile = ClientProfiles.Lubbers2010 });

        Assert.True(result.HttpRequests > 5, $"{result.HttpRequests} requests");
        // Request and answer: 17 lines and 2 empty ones, each ending in CRLF, as in the article.
        Assert.Equal(2 * 19, result.HeaderBytesPerRequest - result.HeaderTextBytesPerRequest);
        Assert.Equal(result.ClientHeaderBytes - result.ClientHeaderTextBytes, 2 * 19 * result.HttpRequests);
        // Our request line, Host and X-Cursor differ from the article's by a few characters, so "about": within 2%.
        Assert.InRange(result.HeaderTextBytesPerRequest!.Value, 871 * 0.98, 871 * 1.02);
        // The rest of the overhead is the answer body's wrapping of the events.
        Assert.True(result.HeaderBytesPerRequest < result.OverheadBytesPerRequest, $"{result.HeaderBytesPerRequest} B of heads, {result.OverheadBytesPerRequest} B overhead per request");
    }

    [Theory]
    [InlineData(OnOff.On, HttpVersions.Http11)]
    [InlineData(OnOff.Off, HttpVersions.Http2)]
    public async Task Header_bytes_are_absent_where_the_socket_does_not_carry_HTTP_1_1_text(string tls, string http)
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Polling, pollMs: 100) with { Tls = tls, HttpVersion = http });

        Assert.True(result.HttpRequests > 0);
        Assert.Null(result.HeaderBytesPerRequest);
        Assert.Null(result.HeaderTextBytesPerRequest);
        Assert.Null(result.ClientHeaderBytes);
    }

    [Fact]
    public async Task Long_poll_headers_cost_less_over_HTTP_2_once_HPACK_has_seen_them()
    {
        // Every request of the window comes after the subscribe request, so HPACK's table already holds the headers.
        var http11 = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.LongPolling));
        var http2 = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.LongPolling) with { HttpVersion = HttpVersions.Http2 });

        Assert.True(http2.HttpRequests > 5);
        Assert.True(http2.OverheadBytesPerRequest < http11.OverheadBytesPerRequest, $"HTTP/2 {http2.OverheadBytesPerRequest} B, HTTP/1.1 {http11.OverheadBytesPerRequest} B per request");
    }

    [Fact]
    public async Task Without_keep_alive_every_poll_opens_a_connection_and_costs_more_segments_and_IP_bytes()
    {
        var on = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Polling, pollMs: 50));
        var off = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.Polling, pollMs: 50) with { KeepAlive = OnOff.Off });

        Assert.Equal(0, on.ConnectionsOpened);
        Assert.True(off.HttpRequests > 5);
        Assert.Equal(off.HttpRequests, off.ConnectionsOpened);
        Assert.Equal(off.HttpRequests, off.ServerConnectionsOpened);
        Assert.Equal(0, off.EventsLost);
        if (!TcpInfo.IsSupported)
        {
            Assert.Null(off.PacketsPerEvent);
            Assert.Null(off.IpBytesPerEvent);
            return;
        }

        // SYN, SYN-ACK, ACK and the FINs with their ACKs: at least five more segments per poll.
        Assert.True(off.PacketsPerEvent - on.PacketsPerEvent >= 5 * off.RequestsPerEvent * 0.99, $"{off.PacketsPerEvent} against {on.PacketsPerEvent} segments per event");
        Assert.True(off.IpBytesPerEvent > on.IpBytesPerEvent, $"{off.IpBytesPerEvent} against {on.IpBytesPerEvent} IP bytes per event");
    }

    [Fact]
    public async Task With_deflate_a_websocket_puts_fewer_bytes_on_the_wire_than_the_1024_byte_payloads()
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.WebSocket, payloadBytes: 1024) with { Compression = ContentCodings.Deflate });

        Assert.Equal(0, result.EventsLost);
        Assert.True(result.EventsDelivered > 0);
        Assert.True(result.ClientBytesReceived < result.PayloadBytesDelivered, $"{result.ClientBytesReceived} B on the wire for {result.PayloadBytesDelivered} B of payload");
        Assert.True(result.OverheadBytesPerEvent < 0, "overhead is reported as measured: negative once compression saves more than framing costs");
    }

    [Theory]
    [InlineData(TransportIds.Polling, ContentCodings.Gzip)]
    [InlineData(TransportIds.LongPolling, ContentCodings.Deflate)]
    [InlineData(TransportIds.Sse, ContentCodings.Gzip)]
    [InlineData(TransportIds.Sse, ContentCodings.Deflate)]
    public async Task Compressed_HTTP_bodies_deliver_everything_in_fewer_bytes(string transport, string coding)
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(transport, payloadBytes: 1024, pollMs: 50) with { Compression = coding });

        Assert.Equal(0, result.EventsLost);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.True(result.ClientBytesReceived < result.PayloadBytesDelivered, $"{result.ClientBytesReceived} B on the wire for {result.PayloadBytesDelivered} B of payload");
    }

    [Fact]
    public async Task The_kernel_counts_exactly_the_payload_bytes_the_clients_counted()
    {
        var result = await harness.RunAsync(HarnessFixture.Scenario(TransportIds.WebSocket, clients: 2, upstreamHz: 5));
        if (!TcpInfo.IsSupported)
        {
            Assert.Null(result.ClientIpBytes);
            return;
        }

        // IP bytes are payload plus 52 B (IPv4, TCP, timestamps) per segment: no connection opened or closed in the window.
        Assert.Equal(0, result.ConnectionsOpened);
        Assert.Equal(result.ClientBytesSent + result.ClientBytesReceived + (result.ClientPackets * 52), result.ClientIpBytes);
    }
}
