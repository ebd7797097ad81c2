using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// What the HTTP transports share: one HttpClient, upstream by POST, cursorless subscribe, batches. A poll or long-poll
/// that had to open a new connection although the one before did not ask to close is a reconnect: the HTTP stack
/// replaces a dropped keep-alive connection silently, so the receive loop never sees it end.
/// </summary>
public abstract class HttpTransportClient : TransportClient
{
    private static readonly MediaTypeHeaderValue MessageType = new("text/plain");
    private int _sessionRequests;
    private bool _closeAsked;

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
        // A new receive loop: its first request opens a connection if it needs one, and that is no silent reconnect.
        _sessionRequests = 0;
        if (cursor is { } known)
        {
            Subscribed(known);
            return known;
        }

        using var response = await GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
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
        using var response = await GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
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

    /// <summary>One receive-path GET, counting a connection the HTTP stack re-opened on its own as a reconnect.</summary>
    private async Task<HttpResponseMessage> GetAsync(string uri, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var response = await Http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        if (request.Options.TryGetValue(ClientConnections.OpenedConnection, out var opened) && opened && _sessionRequests > 0 && !_closeAsked)
        {
            CountReconnect();
        }

        _sessionRequests++;
        _closeAsked = response.Headers.ConnectionClose == true;
        return response;
    }

    /// <summary>The cursor to ask from next: the last event delivered, else where the subscription started.</summary>
    protected long NextCursor(long fallback) => Cursor ?? fallback;

    protected override ValueTask DisposeConnectionsAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
