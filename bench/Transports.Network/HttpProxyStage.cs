using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;

namespace Transports.Network;

/// <summary>
/// `--proxy no-upgrade` and `--proxy buffering`: an HTTP/1.1 proxy that reads every request and response head on one
/// connection (keep-alive included) and frames each body by its Content-Length or chunked encoding.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Refusing upgrades: a request with <c>Upgrade: websocket</c> gets <see cref="RefusalResponse"/> from the proxy and
/// the connection closes; its bytes go no further (the server sees a connection that sends nothing and closes).</item>
/// <item>Buffering: the head of a streamed response (chunked, or without a length: read until the connection ends)
/// passes at once; its body is held until <see cref="ProxyMode.BufferBytes"/> wait or the response ends, then passed on
/// in one piece, and held again. A response with a Content-Length passes as it arrives.</item>
/// <item>An upgrade let through (101 Switching Protocols) turns the connection into a tunnel both ways.</item>
/// <item>A head longer than <see cref="MaxHeadBytes"/>, or one that is not HTTP, turns the connection into a plain tunnel: the
/// proxy does not break what it cannot read.</item>
/// </list>
/// Bytes are never added or changed, only held back or (a refused upgrade) answered by the proxy.
/// </remarks>
public sealed class HttpProxyStage(bool refuseUpgrades, bool buffer) : IRelayStage
{
    /// <summary>What the proxy answers an upgrade with, as an old corporate proxy that does not speak WebSocket does.</summary>
    public const string RefusalResponse = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    public const int MaxHeadBytes = 64 * 1024;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>Upgrades refused so far (tests read it).</summary>
    public int Refused { get; private set; }

    public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The methods of requests sent on, in order, so a response to HEAD is known to have no body.
        var methods = Channel.CreateUnbounded<string>();
        var requests = RequestsAsync(client, server.Output, methods.Writer, stop.Token);
        var responses = ResponsesAsync(server.Input, client.Output, methods.Reader, stop.Token);
        if (await requests.ConfigureAwait(false) == RequestOutcome.Refused)
        {
            // The refusal ends the connection: whatever the server side still does goes nowhere.
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await responses.ConfigureAwait(false);
    }

    private enum RequestOutcome
    {
        Ended,
        Refused,
    }

    private async Task<RequestOutcome> RequestsAsync(IDuplexPipe client, PipeWriter toServer, ChannelWriter<string> methods, CancellationToken cancellationToken)
    {
        var from = client.Input;
        try
        {
            while (true)
            {
                var head = await ReadHeadAsync(from, cancellationToken).ConfigureAwait(false);
                if (head is null)
                {
                    break;
                }

                if (Parse(head) is not { } message)
                {
                    await toServer.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                    await TunnelAsync(from, toServer, cancellationToken).ConfigureAwait(false);
                    return RequestOutcome.Ended;
                }

                var upgrade = message.Header("Upgrade")?.Contains("websocket", StringComparison.OrdinalIgnoreCase) == true;
                if (upgrade && refuseUpgrades)
                {
                    Refused++;
                    await client.Output.WriteAsync(Encoding.ASCII.GetBytes(RefusalResponse), cancellationToken).ConfigureAwait(false);
                    await client.Output.CompleteAsync().ConfigureAwait(false);
                    await toServer.CompleteAsync().ConfigureAwait(false);
                    return RequestOutcome.Refused;
                }

                methods.TryWrite(message.StartWord);
                await toServer.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                if (upgrade)
                {
                    // Whatever follows an upgrade request is the new protocol's, once the server agrees (or the server closes).
                    await TunnelAsync(from, toServer, cancellationToken).ConfigureAwait(false);
                    return RequestOutcome.Ended;
                }

                await BodyAsync(from, message, bodiless: false, toServer, hold: false, cancellationToken).ConfigureAwait(false);
            }

            await toServer.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            methods.TryComplete();
        }

        return RequestOutcome.Ended;
    }

    private async Task ResponsesAsync(PipeReader from, PipeWriter toClient, ChannelReader<string> methods, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var head = await ReadHeadAsync(from, cancellationToken).ConfigureAwait(false);
                if (head is null)
                {
                    break;
                }

                if (Parse(head) is not { } message || !int.TryParse(message.SecondWord, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    await toClient.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                    await TunnelAsync(from, toClient, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await toClient.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                if (status == 101)
                {
                    await TunnelAsync(from, toClient, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (status is >= 100 and < 200)
                {
                    continue; // 100 Continue and friends: the final response follows.
                }

                var method = methods.TryRead(out var m) ? m : "GET";
                var bodiless = status is 204 or 304 || string.Equals(method, "HEAD", StringComparison.Ordinal);
                await BodyAsync(from, message, bodiless, toClient, hold: buffer, cancellationToken).ConfigureAwait(false);
            }

            await toClient.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Passes one message's body on: by its length, its chunks, or (a response without either) to the end.</summary>
    private static async Task BodyAsync(PipeReader from, HttpHead message, bool bodiless, PipeWriter to, bool hold, CancellationToken cancellationToken)
    {
        if (bodiless)
        {
            return;
        }

        var holder = new Holder(to, hold);
        if (message.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            await ChunksAsync(from, holder, cancellationToken).ConfigureAwait(false);
        }
        else if (message.Header("Content-Length") is { } lengthText && long.TryParse(lengthText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            // A sized body is no stream: it passes as it comes, even through a buffering proxy.
            await CopyAsync(from, length, new Holder(to, hold: false), cancellationToken).ConfigureAwait(false);
            return;
        }
        else if (message.IsResponse)
        {
            // No length, not chunked: the body is whatever comes until the connection ends (RFC 9112 §6.3).
            await UntilEndAsync(from, holder, cancellationToken).ConfigureAwait(false);
        }

        await holder.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ChunksAsync(PipeReader from, Holder to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(from, cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("the connection ended inside a chunked body");
            await to.AddAsync(line, cancellationToken).ConfigureAwait(false);
            var sizeText = Encoding.ASCII.GetString(line).Split(';')[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"'{sizeText}' is no chunk size");
            }

            if (size == 0)
            {
                // Trailers, then the empty line.
                while ((await ReadLineAsync(from, cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("the connection ended in a chunked body's trailers")) is var trailer)
                {
                    await to.AddAsync(trailer, cancellationToken).ConfigureAwait(false);
                    if (trailer.Length == 2)
                    {
                        return;
                    }
                }
            }

            await CopyAsync(from, size + 2, to, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(PipeReader from, long count, Holder to, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var result = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            foreach (var segment in take)
            {
                await to.AddAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            count -= take.Length;
            from.AdvanceTo(take.End);
            if (count > 0 && result.IsCompleted)
            {
                throw new InvalidDataException("the connection ended inside a body");
            }
        }
    }

    private static async Task UntilEndAsync(PipeReader from, Holder to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                await to.AddAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            from.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static async Task TunnelAsync(PipeReader from, PipeWriter to, CancellationToken cancellationToken)
    {
        await UntilEndAsync(from, new Holder(to, hold: false), cancellationToken).ConfigureAwait(false);
        await to.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>A head through its empty line; null when the connection ended before its first byte.</summary>
    private static async Task<byte[]?> ReadHeadAsync(PipeReader from, CancellationToken cancellationToken) =>
        await ReadUntilAsync(from, HeadEnd.ToArray(), MaxHeadBytes, cancellationToken).ConfigureAwait(false);

    private static async Task<byte[]?> ReadLineAsync(PipeReader from, CancellationToken cancellationToken) =>
        await ReadUntilAsync(from, LineEnd.ToArray(), MaxHeadBytes, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The bytes up to and including <paramref name="end"/>. Null at a clean end before any byte; past
    /// <paramref name="limit"/> (or an end mid-way) what was read comes back unterminated, for the caller to tunnel.
    /// </summary>
    private static async Task<byte[]?> ReadUntilAsync(PipeReader from, byte[] end, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> _, end, advancePastDelimiter: true))
            {
                var found = buffer.Slice(0, reader.Position).ToArray();
                from.AdvanceTo(reader.Position);
                return found;
            }

            if (result.IsCompleted || buffer.Length > limit)
            {
                if (buffer.IsEmpty)
                {
                    from.AdvanceTo(buffer.End);
                    return null;
                }

                var rest = buffer.ToArray();
                from.AdvanceTo(buffer.End);
                return rest;
            }

            from.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static HttpHead? Parse(byte[] head)
    {
        if (head.Length < 4 || !head.AsSpan().EndsWith(HeadEnd))
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(head, 0, head.Length - 4).Split("\r\n");
        var start = lines[0].Split(' ', 3);
        if (start.Length < 2)
        {
            return null;
        }

        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new HttpHead(start[0], start[1], start[0].StartsWith("HTTP/", StringComparison.Ordinal), headers);
    }

    private sealed record HttpHead(string StartWord, string SecondWord, bool IsResponse, List<(string Name, string Value)> Headers)
    {
        /// <summary>A header's values joined by commas (RFC 9110 §5.3); null when absent.</summary>
        public string? Header(string name)
        {
            var values = Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            return values.Count == 0 ? null : string.Join(", ", values);
        }
    }

    /// <summary>Passes bytes straight on, or holds them until <see cref="ProxyMode.BufferBytes"/> wait (or the message ends).</summary>
    private sealed class Holder(PipeWriter to, bool hold)
    {
        private readonly ArrayBufferWriter<byte> _held = new();

        public async ValueTask AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (!hold)
            {
                await to.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                return;
            }

            _held.Write(bytes.Span);
            if (_held.WrittenCount >= ProxyMode.BufferBytes)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (_held.WrittenCount > 0)
            {
                await to.WriteAsync(_held.WrittenMemory, cancellationToken).ConfigureAwait(false);
                _held.ResetWrittenCount();
            }
        }
    }
}
