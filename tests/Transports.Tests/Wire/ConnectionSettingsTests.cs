using System.Net;
using System.Security.Authentication;
using Transports.Clients;
using Transports.Contract;
using Microsoft.Extensions.DependencyInjection;
using Transports.Servers;
using Transports.Tests.BadInput;

namespace Transports.Tests.Wire;

/// <summary>
/// One <see cref="ConnectionSettings"/>, one connection factory: what each setting puts on the wire, counted below TLS,
/// held exactly where the protocol fixes it.
/// </summary>
public sealed class ConnectionSettingsTests : IAsyncLifetime
{
    private LoopbackTestServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Without_keep_alive_a_poll_costs_exactly_Connection_close_each_way_more_and_a_connection_of_its_own()
    {
        var cursor = _server.Server.Feed.LastSequence;
        var on = await PollTwiceAsync(ConnectionSettings.Default, cursor);
        var off = await PollTwiceAsync(ConnectionSettings.Default with { KeepAlive = false }, cursor);

        Assert.Equal(1, on.Connections);
        Assert.Equal(2, off.Connections);
        // "Connection: close\r\n" in the request and in Kestrel's answer: 19 bytes each way, per poll.
        Assert.Equal(on.Bytes + (2 * 2 * 19), off.Bytes);
    }

    [Fact]
    public async Task Over_HTTP_2_a_repeated_request_costs_less_than_the_first_once_HPACK_has_its_headers()
    {
        var counter = new WireCounter();
        var settings = ConnectionSettings.Default with { HttpVersion = HttpVersion.Version20, Profile = HeaderProfile.Get(ClientProfiles.Browser) };
        using var http = Client(counter, settings);
        var path = $"{TransportPaths.Poll}?cursor={_server.Server.Feed.LastSequence}";

        // The first request also carries the connection preface and both SETTINGS exchanges.
        var bytes = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var before = counter.Snapshot().Bytes;
            using var response = await http.GetAsync(path).WaitAsync(TestDefaults.Timeout);
            Assert.Equal(HttpVersion.Version20, response.Version);
            bytes.Add(counter.Snapshot().Bytes - before);
        }

        var http11 = await PollTwiceAsync(ConnectionSettings.Default with { Profile = HeaderProfile.Get(ClientProfiles.Browser) }, _server.Server.Feed.LastSequence);
        Assert.True(bytes[1] < bytes[0], $"first {bytes[0]} B, second {bytes[1]} B");
        Assert.True(bytes[1] < http11.Bytes / 2, $"HTTP/2 {bytes[1]} B against HTTP/1.1 {http11.Bytes / 2} B per poll");
    }

    [Fact]
    public async Task TLS_trusts_exactly_the_servers_certificate()
    {
        var trusted = _server.Tls();
        using var http = Client(new WireCounter(), trusted);
        using var response = await http.GetAsync($"{TransportPaths.Poll}?cursor=0").WaitAsync(TestDefaults.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var other = trusted with { TrustedCertificateSha256 = new string('0', 64) };
        using var refused = Client(new WireCounter(), other);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync($"{TransportPaths.Poll}?cursor=0").WaitAsync(TestDefaults.Timeout));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task A_TLS_connection_nobody_reads_holds_the_servers_session_tickets_and_they_count_as_arrived()
    {
        // TLS 1.3: the server sends its session tickets after the client's Finished, and the client's TLS layer reads them
        // only when it next reads. Counted at the read alone, they are in the server's bytes out and not in the client's
        // bytes in for as long as the connection sits unused (a pooled one can sit across a window edge).
        var counter = new WireCounter();
        using var sockets = new SocketLedger();
        var server = _server.Server.Wire;
        var before = server.Snapshot();
        var connections = _server.Connections(counter, _server.Tls(), sockets);
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        await using var tls = await connections.ConnectTcp!(timeout.Token);

        await Eventually.AssertAsync(
            () => counter.Snapshot().BytesIn + sockets.UnreadBytes() == (server.Snapshot() - before).BytesOut,
            $"reads {counter.Snapshot().BytesIn} B + unread {sockets.UnreadBytes()} B should be the server's {(server.Snapshot() - before).BytesOut} B out");
        Assert.True(sockets.UnreadBytes() > 0, "the session tickets wait unread");
        Assert.Equal((server.Snapshot() - before).BytesIn, counter.Snapshot().BytesOut);
    }

    [Theory]
    [InlineData(ContentCodings.Gzip)]
    [InlineData(ContentCodings.Deflate)]
    public async Task A_compressed_event_stream_delivers_each_event_as_it_is_published_not_when_more_follow(string coding)
    {
        _server.Services.GetRequiredService<ScenarioWire>().Set(new WireSettings(ClientProfiles.Minimal, coding));
        var sink = new RecordingSink();
        var counter = new WireCounter();
        await using var client = TransportClients.Create(TransportIds.Sse, _server.Connections(counter, ConnectionSettings.Default with { Compression = coding }), sink, TestDefaults.ClientOptions);
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // One event at a time, and nothing published until it is in: a compressor holding bytes back would never deliver.
        for (var i = 0; i < 5; i++)
        {
            var published = _server.Server.Feed.Publish(1024);
            await sink.WaitForSequenceAsync(published.Sequence);
        }

        Assert.Equal(5, sink.Events.Count);
        Assert.True(counter.Snapshot().BytesIn < 5 * 1024, $"{counter.Snapshot().BytesIn} B for 5 KiB of payload: the stream is compressed");
    }

    [Fact]
    public async Task The_lubbers2010_answer_carries_the_articles_response_headers_and_a_stream_keeps_its_type()
    {
        _server.Services.GetRequiredService<ScenarioWire>().Set(new WireSettings(ClientProfiles.Lubbers2010, ContentCodings.None));
        using var http = Client(new WireCounter(), ConnectionSettings.Default);

        using var poll = await http.GetAsync($"{TransportPaths.Poll}?cursor={_server.Server.Feed.LastSequence}").WaitAsync(TestDefaults.Timeout);
        Assert.Equal("Servlet/2.5", poll.Headers.GetValues("X-Powered-By").Single());
        Assert.Equal("Sun Java System Application Server 9.1_02", string.Join(' ', poll.Headers.GetValues("Server")));
        Assert.Equal("text/html;charset=UTF-8", poll.Content.Headers.NonValidated["Content-Type"].ToString());

        using var sse = await http.GetAsync(TransportPaths.Sse, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDefaults.Timeout);
        Assert.Equal(SseServer.ContentType, sse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Servlet/2.5", sse.Headers.GetValues("X-Powered-By").Single());
    }

    [Fact]
    public async Task The_socket_ledger_keeps_a_closed_connections_final_counts_segments_of_its_close_included()
    {
        if (!SocketLedger.IsSupported)
        {
            using var none = new SocketLedger();
            Assert.Null(none.Snapshot());
            return;
        }

        var counter = new WireCounter();
        using var sockets = new SocketLedger();
        using (var http = new HttpClient(_server.Connections(counter, ConnectionSettings.Default with { KeepAlive = false }, sockets).CreateHttpHandler()) { BaseAddress = _server.Server.HttpUri })
        {
            using var response = await http.GetAsync($"{TransportPaths.Poll}?cursor=0").WaitAsync(TestDefaults.Timeout);
            await response.Content.ReadAsByteArrayAsync().WaitAsync(TestDefaults.Timeout);
        }

        // Wait (bounded) for the close handshake: SYN, SYN-ACK, ACK, request, response and their ACKs, FINs and ACKs.
        TcpTotals? totals = null;
        await BadInput.Eventually.AssertAsync(() => (totals = sockets.Snapshot()) is { } t && t == sockets.Snapshot() && t.Segments >= 8, "the connection should close and its counts settle");
        var counted = counter.Snapshot();
        Assert.Equal(counted.BytesOut, totals!.Value.PayloadBytesOut);
        Assert.Equal(counted.BytesIn, totals.Value.PayloadBytesIn);
        // 52 B of IPv4, TCP and timestamp headers per segment; SYN and SYN-ACK carry 8 B more options each.
        Assert.Equal((totals.Value.Segments * 52) + 16, totals.Value.HeaderBytes);
    }

    private HttpClient Client(WireCounter counter, ConnectionSettings settings)
    {
        var connections = _server.Connections(counter, settings);
        return new HttpClient(connections.CreateHttpHandler()) { BaseAddress = connections.HttpBase, Timeout = TestDefaults.Timeout };
    }

    /// <summary>Two polls from one client: the bytes both ways and the connections it opened.</summary>
    private async Task<(long Bytes, long Connections)> PollTwiceAsync(ConnectionSettings settings, long cursor)
    {
        var counter = new WireCounter();
        using var http = Client(counter, settings);
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.GetAsync($"{TransportPaths.Poll}?cursor={cursor}").WaitAsync(TestDefaults.Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsByteArrayAsync().WaitAsync(TestDefaults.Timeout);
        }

        var snapshot = counter.Snapshot();
        return (snapshot.Bytes, snapshot.Connections);
    }
}
