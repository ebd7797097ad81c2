using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>What the HTTP transports share: one HttpClient, upstream by POST, cursorless subscribe, batches.</summary>
public abstract class HttpTransportClient : TransportClient
{
    private static readonly MediaTypeHeaderValue MessageType = new("text/plain");

    protected HttpTransportClient(string transport, ClientConnections connections, IEventSink sink, ClientOptions options)
        : base(transport, sink, options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        Http = new HttpClient(connections.CreateHttpHandler(), disposeHandler: true)
        {
            BaseAddress = connections.HttpBase,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    protected HttpClient Http { get; }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(message);
        content.Headers.ContentType = MessageType;
        using var response = await Http.PostAsync(TransportPaths.Publish, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Opens the subscription: with a cursor there is nothing to ask; without one, a cursorless request
    /// returns the server's current position in X-Cursor. Returns the cursor to poll from.
    /// </summary>
    protected async Task<long> SubscribeAsync(string path, long? cursor, CancellationToken cancellationToken)
    {
        if (cursor is { } known)
        {
            Subscribed(known);
            return known;
        }

        using var response = await Http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var position = TransportPaths.CursorFromHeader(response.Headers.TryGetValues(TransportPaths.CursorHeader, out var values) ? values : null)
            ?? throw new InvalidDataException($"{Transport}: the subscribe response carried no {TransportPaths.CursorHeader}.");
        Subscribed(position);
        return position;
    }

    /// <summary>GETs one batch after the cursor and delivers it. False when the server ended the subscription (204).</summary>
    protected async Task<bool> FetchBatchAsync(string path, long cursor, string? extraQuery, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"{path}?{TransportPaths.CursorQuery}={cursor}{extraQuery}");
        using var response = await Http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        var body = await ContentDecoding.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var received = Stopwatch.GetTimestamp();
        EventBatch.ForEach(body, (this, received), static (message, state) => state.Item1.Deliver(message, state.received));
        return true;
    }

    /// <summary>The cursor to ask from next: the last event delivered, else where the subscription started.</summary>
    protected long NextCursor(long fallback) => Cursor ?? fallback;

    protected override ValueTask DisposeConnectionsAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
