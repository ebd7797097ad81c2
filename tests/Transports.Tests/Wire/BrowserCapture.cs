using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Transports.Contract;
using Transports.Network;
using Transports.Servers;

namespace Transports.Tests.Wire;

/// <summary>
/// What Debian's Chromium sends to the server's endpoints, captured on the wire: the server behind a relay whose stage
/// records every request head as the browser wrote it and serves the capture page itself (so the page has the server's
/// origin); headless Chromium opens the page, which fetches /poll and /long-poll, opens an EventSource on /sse and a
/// WebSocket on /ws. The browser runs with the flags of <see cref="ChromiumArguments"/> and a fresh profile directory.
/// </summary>
public sealed class BrowserCapture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string PagePath = "/capture.html";

    public static IReadOnlyList<string> ChromiumArguments { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private const string Page = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>capture</title></head><body><script>
        (async () => {
          await fetch('/poll?cursor=0');
          await fetch('/long-poll?cursor=0&timeout=100');
          await new Promise(done => { const es = new EventSource('/sse'); es.onopen = () => { es.close(); done(); }; es.onerror = done; });
          await new Promise(done => { const ws = new WebSocket('ws://' + location.host + '/ws'); ws.onopen = () => { ws.close(); done(); }; ws.onerror = done; });
          await fetch('/poll?cursor=0&done=1');
        })();
        </script></body></html>
        """;

    /// <summary>The request heads the browser sent, in order, each with its request line and its blank line.</summary>
    public required IReadOnlyList<string> Requests { get; init; }

    /// <summary>The browser's origin in the captured values: http://127.0.0.1:PORT.</summary>
    public required string Origin { get; init; }

    /// <summary>`chromium --version`.</summary>
    public required string Version { get; init; }

    public static async Task<BrowserCapture> RunAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium");
        }

        var version = await RunToEndAsync(ChromiumPath, ["--version"]);
        await using var server = await TransportServer.StartAsync(TestDefaults.ServerOptions).WaitAsync(TestDefaults.Timeout);
        var heads = new ConcurrentQueue<string>();
        await using var relay = new NetworkRelay(
            [new RelayTarget(new IPEndPoint(IPAddress.Loopback, server.HttpUri.Port))],
            new NetworkRelayOptions { Stage = _ => new RecordingStage(heads) });
        await relay.StartAsync().WaitAsync(TestDefaults.Timeout);
        var origin = relay.UriFor(server.HttpUri).GetLeftPart(UriPartial.Authority);
        var profileDirectory = Directory.CreateTempSubdirectory("transports-chromium-");
        var start = new ProcessStartInfo(ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in ChromiumArguments.Append($"--user-data-dir={profileDirectory.FullName}").Append(origin + PagePath))
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        try
        {
            chromium.BeginErrorReadLine();
            chromium.BeginOutputReadLine();
            await BadInput.Eventually.AssertAsync(() => heads.Any(h => h.StartsWith("GET /poll?cursor=0&done=1 ", StringComparison.Ordinal)), "the capture page should have made every request");
        }
        finally
        {
            if (!chromium.HasExited)
            {
                chromium.Kill(entireProcessTree: true);
            }

            await chromium.WaitForExitAsync().WaitAsync(TestDefaults.Timeout);
            profileDirectory.Delete(recursive: true);
        }

        return new BrowserCapture { Requests = [.. heads], Origin = origin, Version = version.Trim() };
    }

    /// <summary>The head of the first request starting with <paramref name="requestLine"/>.</summary>
    public string Head(string requestLine) =>
        Requests.FirstOrDefault(r => r.StartsWith(requestLine, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"no request '{requestLine}' was captured; got: {string.Join(" | ", Requests.Select(r => r.Split("\r\n")[0]))}");

    /// <summary>Every header line of a head, in order, without the request line and Host.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string head) =>
        [.. head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// The headers a profile keeps for a kind: all but what our stacks write themselves. A WebSocket handshake leaves
    /// out its own headers (Connection, Upgrade, Sec-WebSocket-Key/-Version) and Sec-WebSocket-Extensions, which
    /// `--compression` decides.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ProfileHeaders(HttpRequestKind kind)
    {
        var head = Head(kind switch
        {
            HttpRequestKind.EventSource => "GET /sse ",
            HttpRequestKind.WebSocket => "GET /ws ",
            _ => "GET /poll?cursor=0 ",
        });
        string[] handshake = ["Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions"];
        return [.. Headers(head)
            .Where(h => kind != HttpRequestKind.WebSocket || !handshake.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value.Replace(Origin, "{origin}", StringComparison.Ordinal)))];
    }

    /// <summary>The profile file: how and when it was captured, then a section per kind.</summary>
    public string ProfileFile(DateTimeOffset capturedAt)
    {
        var text = new StringBuilder();
        text.Append(CultureInvariant($"""
            # browser: the request headers Debian's Chromium sends to this suite's endpoints, captured on the wire.
            # Captured {capturedAt:yyyy-MM-dd} from {Version}, headless, started as:
            #   chromium {string.Join(' ', ChromiumArguments)} --user-data-dir=<fresh> http://127.0.0.1:PORT{PagePath}
            # against the suite's server (TransportServer, what `serve` runs) behind a relay that recorded every request
            # head byte for byte and served the page itself, so the page has the server's origin. The page fetched /poll
            # and /long-poll, opened an EventSource on /sse and a WebSocket on /ws. Left out: the request line and Host
            # (the client writes its own) and, on the WebSocket handshake, Connection, Upgrade, Sec-WebSocket-Key and
            # -Version (ClientWebSocket writes its own) and Sec-WebSocket-Extensions (sent only with --compression, as the
            # permessage-deflate offer). "{"{origin}"}" stands for http://127.0.0.1:PORT. Recapture:
            #   TRANSPORTS_CAPTURE_BROWSER_PROFILE=contract/profiles/browser.headers dotnet test --filter BrowserProfileTests
            """));
        text.Append('\n');
        foreach (var (section, kind) in new[] { ("fetch", HttpRequestKind.Fetch), ("eventsource", HttpRequestKind.EventSource), ("websocket", HttpRequestKind.WebSocket) })
        {
            text.Append('[').Append(section).Append("]\n");
            foreach (var (name, value) in ProfileHeaders(kind))
            {
                text.Append(name).Append(": ").Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task<string> RunToEndAsync(string path, string[] arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TestDefaults.Timeout);
        await process.WaitForExitAsync().WaitAsync(TestDefaults.Timeout);
        return output;
    }

    /// <summary>
    /// Records each request head the browser sends and passes it on; answers the capture page itself (and closes that
    /// connection). After a WebSocket upgrade the rest is frames: copied untouched.
    /// </summary>
    private sealed class RecordingStage(ConcurrentQueue<string> heads) : IRelayStage
    {
        public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
        {
            var down = CopyAsync(server.Input, client.Output, cancellationToken);
            while (await ReadHeadAsync(client.Input, cancellationToken) is { } head)
            {
                heads.Enqueue(head);
                if (head.StartsWith($"GET {PagePath} ", StringComparison.Ordinal))
                {
                    var body = Encoding.UTF8.GetBytes(Page);
                    await client.Output.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
                    await client.Output.WriteAsync(body, cancellationToken);
                    await client.Output.CompleteAsync();
                    return;
                }

                await server.Output.WriteAsync(Encoding.Latin1.GetBytes(head), cancellationToken);
                if (head.Contains("\r\nUpgrade: websocket\r\n", StringComparison.OrdinalIgnoreCase))
                {
                    await CopyAsync(client.Input, server.Output, cancellationToken);
                    break;
                }
            }

            await server.Output.CompleteAsync();
            await down;
        }

        /// <summary>One request head (the suite's browser requests have no body); null once the client is done.</summary>
        private static async Task<string?> ReadHeadAsync(PipeReader input, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var text = Encoding.Latin1.GetString(result.Buffer.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    input.AdvanceTo(result.Buffer.GetPosition(end + 4));
                    return text[..(end + 4)];
                }

                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    return null;
                }
            }
        }

        private static async Task CopyAsync(PipeReader from, PipeWriter to, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await from.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    await to.WriteAsync(segment, cancellationToken);
                }

                from.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    await to.CompleteAsync();
                    return;
                }
            }
        }
    }
}
