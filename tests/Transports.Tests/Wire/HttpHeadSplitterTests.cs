using System.Text;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Wire;

/// <summary>
/// The split of a client connection's bytes into HTTP heads and bodies, held exactly against known exchanges fed in
/// every way a socket may cut them: Lubbers &amp; Greco's request and response are 909 bytes of heads and 871 of header
/// text; bodies that hold an empty line or a whole fake response are body, not head.
/// </summary>
public sealed class HttpHeadSplitterTests
{
    // The article's Example 2 and 3 (shared/ANCHORS.md "Polling overhead"), with its 21-byte answer.
    private const string ArticleRequest =
        "GET /PollingStock//PollingStock HTTP/1.1\r\n"
        + "Host: localhost:8080\r\n"
        + "User-Agent: Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1.5) Gecko/20091102 Firefox/3.5.5\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
        + "Accept-Language: en-us\r\n"
        + "Accept-Encoding: gzip,deflate\r\n"
        + "Accept-Charset: ISO-8859-1,utf-8;q=0.7,*;q=0.7\r\n"
        + "Keep-Alive: 300\r\n"
        + "Connection: keep-alive\r\n"
        + "Referer: http://www.example.com/PollingStock/\r\n"
        + "Cookie: showInheritedConstant=false; showInheritedProtectedConstant=false; showInheritedProperty=false; showInheritedProtectedProperty=false; showInheritedMethod=false; showInheritedProtectedMethod=false; showInheritedEvent=false; showInheritedStyle=false; showInheritedEffect=false\r\n"
        + "\r\n";

    private const string ArticleResponseHead =
        "HTTP/1.x 200 OK\r\n"
        + "X-Powered-By: Servlet/2.5\r\n"
        + "Server: Sun Java System Application Server 9.1_02\r\n"
        + "Content-Type: text/html;charset=UTF-8\r\n"
        + "Content-Length: 21\r\n"
        + "Date: Sat, 07 Nov 2009 00:32:46 GMT\r\n"
        + "\r\n";

    private const string ArticleBody = "EURUSD 1.4912 +0.0012";

    [Fact]
    public void The_articles_poll_is_909_bytes_of_heads_and_871_of_header_text_however_the_socket_cuts_it()
    {
        Assert.Equal(21, ArticleBody.Length);
        var sent = Encoding.Latin1.GetBytes(ArticleRequest);
        var received = Encoding.Latin1.GetBytes(ArticleResponseHead + ArticleBody);
        foreach (var cut in Cuts(sent.Length, received.Length))
        {
            var counter = new WireCounter();
            var split = new HttpHeadSplitter(counter);
            Feed(sent, cut, split.Sent);
            Feed(received, cut, split.Received);

            var heads = counter.Snapshot();
            Assert.Equal(909, heads.HeadBytes);
            Assert.Equal(871, heads.HeadTextBytes);
            Assert.Equal(19, heads.HeadLines);
            Assert.Equal(0, heads.HeadLosses);
        }
    }

    [Fact]
    public void A_body_that_holds_an_empty_line_and_a_whole_response_is_body()
    {
        // A split that looked for the next empty line instead of skipping Content-Length bytes would count this body
        // (and its fake response) as a head.
        const string Body = "a\r\n\r\nHTTP/1.1 200 OK\r\nX-Fake: 1\r\n\r\n";
        const string Head = "HTTP/1.1 200 OK\r\nContent-Length: 35\r\n\r\n";
        Assert.Equal(35, Body.Length);
        var counter = SplitReceived(Head + Body + Head + Body);

        Assert.Equal(2 * Head.Length, counter.HeadBytes);
        Assert.Equal(2 * 3, counter.HeadLines);
    }

    [Fact]
    public void Chunk_sizes_extensions_and_trailers_frame_the_body_and_are_not_head()
    {
        const string Head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        // A 5-byte chunk (with an extension) that holds an empty line, a 26-byte one, the last chunk and a trailer.
        const string Body = "5;name=value\r\n\r\n\r\nA\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";
        const string Next = "HTTP/1.1 204 No Content\r\n\r\n";

        foreach (var cut in Cuts(0, Head.Length + Body.Length + Next.Length))
        {
            var counter = new WireCounter();
            var split = new HttpHeadSplitter(counter);
            Feed(Encoding.Latin1.GetBytes(Head + Body + Next), cut, split.Received);

            Assert.Equal(Head.Length + Next.Length, counter.Snapshot().HeadBytes);
        }
    }

    [Fact]
    public void Interim_and_bodiless_answers_are_heads_with_the_next_head_right_after()
    {
        const string Continue = "HTTP/1.1 100 Continue\r\n\r\n";
        const string NoContent = "HTTP/1.1 204 No Content\r\nX-Cursor: 7\r\n\r\n";
        const string NotModified = "HTTP/1.1 304 Not Modified\r\n\r\n";
        const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";

        var counter = SplitReceived(Continue + NoContent + NotModified + Ok + "[]");

        Assert.Equal(Continue.Length + NoContent.Length + NotModified.Length + Ok.Length, counter.HeadBytes);
        Assert.Equal(2 + 3 + 2 + 3, counter.HeadLines);
    }

    [Fact]
    public void A_request_body_is_skipped_by_its_length()
    {
        const string Post = "POST /upstream HTTP/1.1\r\nHost: a\r\nContent-Length: 19\r\n\r\n";
        const string Body = "GET / HTTP/1.1\r\n\r\n!";
        var counter = new WireCounter();
        var split = new HttpHeadSplitter(counter);

        split.Sent(Encoding.Latin1.GetBytes(Post + Body + Post + Body));

        Assert.Equal(2 * Post.Length, counter.Snapshot().HeadBytes);
    }

    [Fact]
    public void After_an_upgrade_nothing_is_a_head()
    {
        const string Handshake = "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        const string Switching = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        // Frames that happen to carry HTTP text.
        const string Frames = "\x81\x12HTTP/1.1 200 OK\r\n\r\n";
        var counter = new WireCounter();
        var split = new HttpHeadSplitter(counter);

        split.Sent(Encoding.Latin1.GetBytes(Handshake));
        split.Received(Encoding.Latin1.GetBytes(Switching + Frames));
        split.Sent(Encoding.Latin1.GetBytes("GET / HTTP/1.1\r\n\r\n"));

        Assert.Equal(Handshake.Length + Switching.Length, counter.Snapshot().HeadBytes);
    }

    [Fact]
    public void An_answer_without_a_length_runs_to_the_close()
    {
        const string Head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";

        var counter = SplitReceived(Head + "HTTP/1.1 200 OK\r\n\r\n");

        Assert.Equal(Head.Length, counter.HeadBytes);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]]HTTP/1.1 200 OK\r\n\r\n")] // one byte more than its length said
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\n[]")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void Where_the_split_loses_track_it_says_so_and_counts_nothing_more(string received)
    {
        var counter = SplitReceived(received + "HTTP/1.1 204 No Content\r\n\r\n");

        Assert.Equal(1, counter.HeadLosses);
        Assert.True(counter.HeadBytes <= received.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4, $"{counter.HeadBytes} B counted");
    }

    [Fact]
    public void A_head_longer_than_any_real_one_is_a_loss_not_a_memory_sink()
    {
        var counter = new WireCounter();
        var split = new HttpHeadSplitter(counter);
        var junk = new byte[4096];
        Array.Fill(junk, (byte)'x');

        for (var i = 0; i <= HttpHeadSplitter.MaxHeadBytes / junk.Length; i++)
        {
            split.Received(junk);
        }

        Assert.Equal(1, counter.Snapshot().HeadLosses);
    }

    [Fact]
    public async Task A_client_poll_counts_the_request_head_it_wrote_and_the_answer_head_it_read()
    {
        using var capture = new RequestCapture();
        var counter = new WireCounter();
        var settings = ConnectionSettings.Default with { Profile = HeaderProfile.Get(ClientProfiles.Lubbers2010) };
        using var http = new HttpClient(LoopbackConnections.Create(capture.BaseAddress, null, counter, settings).CreateHttpHandler()) { BaseAddress = capture.BaseAddress };

        using (await http.GetAsync("/poll?cursor=7").WaitAsync(TestDefaults.Timeout))
        {
        }

        using (await http.GetAsync("/poll?cursor=8").WaitAsync(TestDefaults.Timeout))
        {
        }

        var requests = capture.Requests;
        var heads = counter.Snapshot();
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests.Sum(r => r.Length) + (2 * RequestCapture.Answer.Length), heads.HeadBytes);
        Assert.Equal(requests.Sum(r => r.Split("\r\n").Length - 1) + (2 * 3), heads.HeadLines);
        Assert.Equal(0, heads.HeadLosses);
    }

    [Fact]
    public void Heads_are_split_only_where_the_socket_carries_HTTP_1_1_text()
    {
        Assert.True(LoopbackConnections.SplitsHeads(ConnectionSettings.Default));
        Assert.False(LoopbackConnections.SplitsHeads(ConnectionSettings.Default with { HttpVersion = System.Net.HttpVersion.Version20 }));
        Assert.False(LoopbackConnections.SplitsHeads(ConnectionSettings.Default with { TrustedCertificateSha256 = "00" }));
    }

    private static WireSnapshot SplitReceived(string text)
    {
        var counter = new WireCounter();
        new HttpHeadSplitter(counter).Received(Encoding.Latin1.GetBytes(text));
        return counter.Snapshot();
    }

    /// <summary>How a socket may hand the bytes over (a chunk length for each offset): whole, a byte at a time, and cut in two at every point of either side.</summary>
    private static IEnumerable<Func<int, int>> Cuts(int sentLength, int receivedLength)
    {
        yield return _ => int.MaxValue;
        yield return _ => 1;
        for (var at = 1; at < Math.Max(sentLength, receivedLength); at++)
        {
            var cut = at;
            yield return offset => offset < cut ? cut - offset : int.MaxValue;
        }
    }

    private static void Feed(byte[] bytes, Func<int, int> cut, Action<ReadOnlySpan<byte>> into)
    {
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = Math.Min(cut(offset), bytes.Length - offset);
            into(bytes.AsSpan(offset, length));
            offset += length;
        }
    }
}
