using System.Diagnostics;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Contract;

/// <summary>
/// The contract every pair keeps, run against each transport in memory and over loopback through a sealed
/// subclass each: events in order with none lost or duplicated, resume from a cursor, upstream delivery,
/// oversized upstream refused while everyone else is still served.
/// </summary>
public abstract class TransportContractTests : IAsyncLifetime
{
    private readonly List<ITransportClient> _clients = [];

    /// <summary>The transport under test (public so the descriptor coverage test can find every subclass's).</summary>
    public abstract string Transport { get; }

    protected ITestServer Server { get; private set; } = null!;

    /// <summary>The clients' options: the test defaults, with a library's transport forced where a subclass says so.</summary>
    protected virtual ClientOptions ClientOptions => TestDefaults.ClientOptions;

    protected abstract Task<ITestServer> StartServerAsync();

    public async Task InitializeAsync() => Server = await StartServerAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    [Fact]
    public async Task Events_arrive_in_order_none_lost_none_duplicated()
    {
        var sink = new RecordingSink();
        await StartClientAsync(sink, cursor: null);
        var first = Server.Feed.LastSequence + 1;

        // Bursts and single events: batching transports must deliver bursts whole and in order.
        var last = Publish(20);
        await sink.WaitForSequenceAsync(last);
        for (var i = 0; i < 10; i++)
        {
            last = Publish(1);
            await sink.WaitForSequenceAsync(last);
        }

        last = Publish(30, payloadBytes: 300);
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(Range(first, last), sink.Sequences);
    }

    [Fact]
    public async Task Payload_arrives_with_the_size_and_timestamp_it_was_published_with()
    {
        var sink = new RecordingSink();
        await StartClientAsync(sink, cursor: null);
        var published = Server.Feed.Publish(1000);
        await sink.WaitForSequenceAsync(published.Sequence);

        var received = Assert.Single(sink.Events);
        Assert.Equal(1000, received.PayloadBytes);
        Assert.Equal(published.PublishTimestamp, received.PublishTimestamp);
        Assert.True(received.ReceivedTimestamp >= received.PublishTimestamp);
    }

    [Fact]
    public async Task Resume_from_cursor_after_the_client_drops_loses_nothing()
    {
        var before = new RecordingSink();
        var first = await StartClientAsync(before, cursor: null);
        var last = Publish(5);
        await before.WaitForSequenceAsync(last);
        var cursor = first.Cursor;
        Assert.Equal(last, cursor);
        await first.DisposeAsync();

        // Published while no client is connected: the next subscription from the cursor must get them.
        var missed = Publish(7);
        var after = new RecordingSink();
        await StartClientAsync(after, cursor);
        var end = Publish(3);
        await after.WaitForSequenceAsync(end);

        Assert.Equal(Range(last + 1, end), after.Sequences);
        Assert.True(missed < end);
    }

    [Fact]
    public async Task Upstream_messages_arrive_and_are_broadcast()
    {
        var sender = new RecordingSink();
        var listener = new RecordingSink();
        var client = await StartClientAsync(sender, cursor: null);
        await StartClientAsync(listener, cursor: null);
        const int UpstreamBytes = 77;
        for (var i = 1; i <= 3; i++)
        {
            await client.SendAsync(EventMessage.Create(i, Stopwatch.GetTimestamp(), UpstreamBytes), CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout);
        }

        await listener.WaitUntilAsync(events => events.Count(e => e.PayloadBytes == UpstreamBytes) == 3);
        await sender.WaitUntilAsync(events => events.Count(e => e.PayloadBytes == UpstreamBytes) == 3);
        Assert.Equal(3, Server.Upstream.Received);
    }

    [Fact]
    public async Task Oversized_upstream_is_refused_and_others_are_still_served()
    {
        var bystander = new RecordingSink();
        await StartClientAsync(bystander, cursor: null);
        var offender = await StartClientAsync(new RecordingSink(), cursor: null);
        var oversized = EventMessage.Create(1, Stopwatch.GetTimestamp(), TestDefaults.ServerOptions.MaxUpstreamBytes + 1);

        await AssertOversizedRefusedAsync(offender, oversized);

        Assert.Equal(0, Server.Upstream.Received);
        var last = Publish(3);
        await bystander.WaitForSequenceAsync(last);
        Assert.Equal(last, bystander.Sequences[^1]);
    }

    /// <summary>How the transport refuses: 413 for HTTP; a closed connection for WebSocket (1009) and TCP.</summary>
    protected virtual async Task AssertOversizedRefusedAsync(ITransportClient offender, byte[] oversized)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => offender.SendAsync(oversized, CancellationToken.None).AsTask().WaitAsync(TestDefaults.Timeout));
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    protected async Task<ITransportClient> StartClientAsync(IEventSink sink, long? cursor, WireCounter? counter = null)
    {
        var client = TransportClients.Create(Transport, Server.Connections(counter ?? new WireCounter()), sink, ClientOptions);
        _clients.Add(client);
        await client.StartAsync(cursor, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        return client;
    }

    protected long Publish(int count, int payloadBytes = 64)
    {
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            last = Server.Feed.Publish(payloadBytes).Sequence;
        }

        return last;
    }

    protected static List<long> Range(long first, long last) => [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i)];
}

/// <summary>Over real sockets, the server can also drop every connection; clients resume from their cursor.</summary>
public abstract class LoopbackTransportContractTests : TransportContractTests
{
    protected override async Task<ITestServer> StartServerAsync() => await LoopbackTestServer.StartAsync();

    [Fact]
    public async Task Resume_after_the_server_drops_the_connection_loses_nothing()
    {
        var sink = new RecordingSink();
        await StartClientAsync(sink, cursor: null);
        var first = Server.Feed.LastSequence + 1;
        var last = Publish(5);
        await sink.WaitForSequenceAsync(last);

        Assert.True(Server.Wire.AbortAll() >= 1);
        Publish(5);
        last = Publish(5);
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(Range(first, last), sink.Sequences);
    }

    [Fact]
    public async Task A_drop_before_the_first_event_loses_nothing()
    {
        var sink = new RecordingSink();
        var client = await StartClientAsync(sink, cursor: null);
        var first = Server.Feed.LastSequence + 1;

        // The subscription knows where it started even though no event has arrived yet.
        Assert.Equal(first - 1, client.Cursor);
        Assert.True(Server.Wire.AbortAll() >= 1);
        Publish(2);
        var last = Publish(1);
        await sink.WaitForSequenceAsync(last);

        Assert.Equal(Range(first, last), sink.Sequences);
    }

    [Fact]
    public async Task Client_and_server_count_the_same_bytes()
    {
        var counter = new WireCounter();
        var sink = new RecordingSink();
        var client = await StartClientAsync(sink, cursor: null, counter);
        var last = Publish(10, payloadBytes: 500);
        await sink.WaitForSequenceAsync(last);
        await client.CloseAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        await client.DisposeAsync();

        // Both ends must agree once the connections are gone (the server sees the close last).
        await WaitUntilAsync(() => Server.Wire.Snapshot().BytesOut == counter.Snapshot().BytesIn && Server.Wire.Snapshot().BytesIn == counter.Snapshot().BytesOut);
        var server = Server.Wire.Snapshot();
        var clientSide = counter.Snapshot();
        Assert.Equal(clientSide.BytesIn, server.BytesOut);
        Assert.Equal(clientSide.BytesOut, server.BytesIn);
        Assert.True(clientSide.BytesIn > 10 * 500);
    }

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(TestDefaults.Timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }
    }
}

public abstract class InMemoryTransportContractTests : TransportContractTests
{
    protected override async Task<ITestServer> StartServerAsync() => await InMemoryTestServer.StartAsync();
}
