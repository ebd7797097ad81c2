using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>
/// A well-behaved client of one transport, subscribed before the bad input arrives: it must keep getting
/// every event, in order, none lost, whatever another client did to the server.
/// </summary>
public sealed class Bystander : IAsyncDisposable
{
    private readonly ITestServer _server;
    private readonly ITransportClient _client;
    private readonly long _first;

    private Bystander(ITestServer server, ITransportClient client, RecordingSink sink, long first)
    {
        _server = server;
        _client = client;
        Sink = sink;
        _first = first;
    }

    public RecordingSink Sink { get; }

    public static async Task<Bystander> StartAsync(ITestServer server, string transport)
    {
        var sink = new RecordingSink();
        var client = TransportClients.Create(transport, server.Connections(new WireCounter()), sink, TestDefaults.ClientOptions);
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        return new Bystander(server, client, sink, server.Feed.LastSequence + 1);
    }

    /// <summary>Publishes a few events and waits until this client holds every event since it subscribed.</summary>
    public async Task AssertStillServedAsync(int count = 3)
    {
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            last = _server.Feed.Publish(64).Sequence;
        }

        await AssertReceivedThroughAsync(last);
    }

    /// <summary>Waits for <paramref name="last"/> and checks nothing before it was lost or duplicated.</summary>
    public async Task AssertReceivedThroughAsync(long last)
    {
        await Sink.WaitForSequenceAsync(last);
        Assert.Equal(Enumerable.Range(0, (int)(last - _first + 1)).Select(i => _first + i), Sink.Sequences);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
