using Transports.Network;

namespace Transports.Tests.Network;

/// <summary>
/// The `--proxy` stages on in-memory pipes, byte for byte: what passes, what is held and for how long, what the proxy
/// answers itself. Each "held" check waits until the stage has taken the bytes in, then looks at what it passed on.
/// </summary>
public sealed class ProxyStageTests
{
    private const string Upgrade = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    private const string Switching = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    private const string Get = "GET /sse HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
    private const string ChunkedHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Fact]
    public async Task No_upgrade_answers_a_websocket_upgrade_with_403_and_the_server_sees_nothing()
    {
        var stage = new HttpProxyStage(refuseUpgrades: true, buffer: false);
        await using var pipes = new StagePipes(stage);

        await pipes.ClientSendsAsync(Upgrade);

        Assert.Equal(HttpProxyStage.RefusalResponse, await pipes.ClientReceivesToEndAsync());
        Assert.Equal("", await pipes.ServerReceivesToEndAsync());
        await pipes.Run.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(1, stage.Refused);
    }

    [Fact]
    public async Task No_upgrade_passes_plain_requests_on_a_kept_alive_connection_then_refuses_the_upgrade_after_them()
    {
        var stage = new HttpProxyStage(refuseUpgrades: true, buffer: false);
        await using var pipes = new StagePipes(stage);
        const string post = "POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
        const string answer = "HTTP/1.1 204 No Content\r\n\r\n";

        await pipes.ClientSendsAsync(post);
        Assert.Equal(post, await pipes.ServerReceivesAsync(post.Length));
        await pipes.ServerSendsAsync(answer);
        Assert.Equal(answer, await pipes.ClientReceivesAsync(answer.Length));

        await pipes.ClientSendsAsync(Upgrade);
        Assert.Equal(HttpProxyStage.RefusalResponse, await pipes.ClientReceivesToEndAsync());
        Assert.Equal("", await pipes.ServerReceivesToEndAsync());
    }

    [Fact]
    public async Task Without_refusal_an_upgrade_passes_and_the_connection_becomes_a_tunnel()
    {
        // Buffering alone lets WebSocket through: after 101 nothing is framed or held, not even a lone byte.
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: false, buffer: true));

        await pipes.ClientSendsAsync(Upgrade);
        Assert.Equal(Upgrade, await pipes.ServerReceivesAsync(Upgrade.Length));
        await pipes.ServerSendsAsync(Switching + "\u0081\u0002hi");

        Assert.Equal(Switching + "\u0081\u0002hi", await pipes.ClientReceivesAsync(Switching.Length + 4));
        await pipes.ClientSendsAsync("\u0088\u0080abcd");
        Assert.Equal("\u0088\u0080abcd", await pipes.ServerReceivesAsync(6));
    }

    [Fact]
    public async Task Buffering_passes_a_streamed_response_head_at_once_and_holds_its_body_until_it_ends()
    {
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: false, buffer: true));
        await pipes.ClientSendsAsync(Get);
        Assert.Equal(Get, await pipes.ServerReceivesAsync(Get.Length));
        const string firstEvent = "1e\r\ndata: 0123456789abcdef\nid: 1\n\n\r\n";

        await pipes.ServerSendsAsync(ChunkedHead + firstEvent);
        await pipes.StageTookFromServerAsync(ChunkedHead.Length + firstEvent.Length);

        Assert.Equal(ChunkedHead, pipes.ClientHasNow());
        await pipes.ServerSendsAsync("0\r\n\r\n");
        Assert.Equal(ChunkedHead + firstEvent + "0\r\n\r\n", await pipes.ClientReceivesAsync(ChunkedHead.Length + firstEvent.Length + 5));
    }

    [Fact]
    public async Task Buffering_passes_the_body_on_in_lumps_of_64_KiB()
    {
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: false, buffer: true));
        await pipes.ClientSendsAsync(Get);
        await pipes.ServerSendsAsync(ChunkedHead);
        Assert.Equal(ChunkedHead, await pipes.ClientReceivesAsync(ChunkedHead.Length));

        // 1,000 chunks of 70 bytes (a 2-digit size line, 70 bytes, CRLF: 76 bytes each): the lump goes at 863 chunks.
        var chunk = "46\r\n" + new string('e', 70) + "\r\n";
        var perLump = (int)Math.Ceiling(ProxyMode.BufferBytes / (double)chunk.Length);
        for (var i = 0; i < perLump - 1; i++)
        {
            await pipes.ServerSendsAsync(chunk);
        }

        await pipes.StageTookFromServerAsync(ChunkedHead.Length + ((perLump - 1) * chunk.Length));
        Assert.Equal("", pipes.ClientHasNow());

        await pipes.ServerSendsAsync(chunk);
        Assert.Equal(perLump * chunk.Length, (await pipes.ClientReceivesAsync(perLump * chunk.Length)).Length);
        Assert.Equal(65_588, perLump * chunk.Length);

        await pipes.ServerSendsAsync(chunk);
        await pipes.StageTookFromServerAsync(ChunkedHead.Length + ((perLump + 1) * chunk.Length));
        Assert.Equal("", pipes.ClientHasNow());
    }

    [Fact]
    public async Task Buffering_holds_an_undelimited_response_until_the_connection_ends()
    {
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: false, buffer: true));
        await pipes.ClientSendsAsync(Get);
        const string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";

        await pipes.ServerSendsAsync(head + "data: x\n\n");
        await pipes.StageTookFromServerAsync(head.Length + 9);
        Assert.Equal(head, pipes.ClientHasNow());

        await pipes.ServerClosesAsync();
        Assert.Equal(head + "data: x\n\n", await pipes.ClientReceivesToEndAsync());
    }

    [Fact]
    public async Task Buffering_passes_a_sized_response_as_it_comes_and_then_the_next_one_on_the_connection()
    {
        // A long poll's answer has a Content-Length: not a stream, so a buffering proxy does not hold it.
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: false, buffer: true));
        const string poll = "GET /long-poll?cursor=4 HTTP/1.1\r\nHost: x\r\n\r\n";
        const string sized = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";

        await pipes.ClientSendsAsync(poll);
        await pipes.ServerSendsAsync(sized + "01234");
        Assert.Equal(sized + "01234", await pipes.ClientReceivesAsync(sized.Length + 5));
        await pipes.ServerSendsAsync("56789");
        Assert.Equal("56789", await pipes.ClientReceivesAsync(5));

        await pipes.ClientSendsAsync(poll);
        Assert.Equal(poll + poll, await pipes.ServerReceivesAsync(poll.Length * 2));
    }

    [Fact]
    public async Task A_stage_without_buffering_does_not_hold_a_streamed_body()
    {
        // The broken-input check of the holding tests: the same stream through a proxy that only refuses upgrades.
        await using var pipes = new StagePipes(new HttpProxyStage(refuseUpgrades: true, buffer: false));
        await pipes.ClientSendsAsync(Get);
        const string firstEvent = "1e\r\ndata: 0123456789abcdef\nid: 1\n\n\r\n";

        await pipes.ServerSendsAsync(ChunkedHead + firstEvent);

        Assert.Equal(ChunkedHead + firstEvent, await pipes.ClientReceivesAsync(ChunkedHead.Length + firstEvent.Length));
    }

    [Fact]
    public async Task Idle_cut_closes_both_ways_after_the_idle_time_and_not_a_tick_before()
    {
        var time = new ManualTimeProvider();
        var stage = new IdleCutStage(TimeSpan.FromSeconds(2), time);
        await using var pipes = new StagePipes(stage);
        await time.WaitUntilAsync(t => t.ArmedTimers == 1);

        // Timers count whole milliseconds. A byte a millisecond before the cut: the watchdog wakes at 2 s, finds 1 ms of
        // quiet and waits 1,999 ms more.
        var ms = TimeSpan.FromMilliseconds(1);
        time.Advance(TimeSpan.FromSeconds(2) - ms);
        await pipes.ClientSendsAsync("ping");
        Assert.Equal("ping", await pipes.ServerReceivesAsync(4));
        time.Advance(ms);
        await time.WaitUntilAsync(t => t.TimersCreated == 2 && t.ArmedTimers == 1);
        Assert.False(pipes.Run.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2) - (2 * ms));
        await pipes.ServerSendsAsync("pong");
        Assert.Equal("pong", await pipes.ClientReceivesAsync(4));
        Assert.False(pipes.Run.IsCompleted);
        time.Advance(ms);
        await time.WaitUntilAsync(t => t.TimersCreated == 3 && t.ArmedTimers == 1);
        Assert.False(pipes.Run.IsCompleted);

        // Quiet since 3,998 ms: cut at 5,998 ms.
        time.Advance(TimeSpan.FromSeconds(2) - ms);
        Assert.Equal("", await pipes.ClientReceivesToEndAsync());
        Assert.Equal("", await pipes.ServerReceivesToEndAsync());
        await pipes.Run.WaitAsync(TestDefaults.Timeout);
        Assert.True(stage.Cut);
        Assert.Equal(TimeSpan.FromMilliseconds(5998), time.Elapsed);
    }

    [Fact]
    public async Task Idle_cut_lets_a_connection_that_ends_by_itself_end_uncut()
    {
        var time = new ManualTimeProvider();
        var stage = new IdleCutStage(TimeSpan.FromSeconds(2), time);
        await using var pipes = new StagePipes(stage);

        await pipes.ClientSendsAsync("bye");
        await pipes.ClientClosesAsync();
        await pipes.ServerSendsAsync("ok");
        await pipes.ServerClosesAsync();

        Assert.Equal("bye", await pipes.ServerReceivesToEndAsync());
        Assert.Equal("ok", await pipes.ClientReceivesToEndAsync());
        await pipes.Run.WaitAsync(TestDefaults.Timeout);
        Assert.False(stage.Cut);
    }

    [Theory]
    [InlineData("none", "none")]
    [InlineData("no-upgrade", "no-upgrade")]
    [InlineData("BUFFERING", "buffering")]
    [InlineData("idle-cut=2s", "idle-cut=2s")]
    [InlineData("idle-cut=1500ms", "idle-cut=1500ms")]
    [InlineData("buffering+no-upgrade", "no-upgrade+buffering")]
    [InlineData("idle-cut=30s+no-upgrade", "no-upgrade+idle-cut=30s")]
    public void Modes_parse_and_name_themselves_as_they_read_back(string text, string name)
    {
        var mode = ProxyMode.Parse(text);

        Assert.Equal(name, mode.Name);
        Assert.Equal(mode, ProxyMode.Parse(mode.Name));
    }

    [Theory]
    [InlineData("socks")]
    [InlineData("idle-cut=0")]
    [InlineData("idle-cut")]
    [InlineData("idle-cut=2")]
    [InlineData("buffering+buffering")]
    [InlineData("none+buffering")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(ProxyMode.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_modes_leave_a_route_that_is_not_http_alone_and_an_idle_cut_applies_everywhere()
    {
        var info = new RelayConnectionInfo(1, new RelayRoute(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2)), null, TimeProvider.System);

        Assert.Null(ProxyMode.None.StageFactory(_ => true));
        Assert.Null(ProxyMode.Parse("no-upgrade").StageFactory(_ => false)!(info));
        Assert.IsType<HttpProxyStage>(ProxyMode.Parse("no-upgrade").StageFactory(_ => true)!(info));
        Assert.IsType<IdleCutStage>(ProxyMode.Parse("idle-cut=2s").StageFactory(_ => false)!(info));
        Assert.IsType<ChainedStage>(ProxyMode.Parse("buffering+idle-cut=2s").StageFactory(_ => true)!(info));
    }
}
