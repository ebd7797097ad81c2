using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Fuzz;

/// <summary>
/// A well-behaved client of one transport, subscribed while the inputs hit the server: it must get every event
/// published meanwhile, once each.
/// </summary>
public sealed class FuzzBystander : IEventSink, IAsyncDisposable
{
    private readonly HashSet<long> _sequences = [];
    private readonly Lock _gate = new();
    private ITransportClient? _client;
    private long _duplicates;

    private FuzzBystander(string transport) => Transport = transport;

    public string Transport { get; }

    /// <summary>Events received twice.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Times the client had to reconnect (the fuzz must not cost a bystander its connection).</summary>
    public long Reconnects => _client?.Reconnects ?? 0;

    public static async Task<FuzzBystander> StartAsync(string transport, ServerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var bystander = new FuzzBystander(transport);
        bystander._client = TransportClients.Create(transport, LoopbackConnections.Create(target.HttpUri, target.TcpEndPoint, new WireCounter()), bystander, new ClientOptions());
        await bystander._client.StartAsync(cursor: null, cancellationToken).ConfigureAwait(false);
        return bystander;
    }

    /// <summary>How many of the events (<paramref name="first"/>, <paramref name="last"/>] this client has not got.</summary>
    public long Missing(long first, long last)
    {
        lock (_gate)
        {
            var missing = 0L;
            for (var sequence = first + 1; sequence <= last; sequence++)
            {
                missing += _sequences.Contains(sequence) ? 0 : 1;
            }

            return missing;
        }
    }

    public void OnEvent(in ReceivedEvent received)
    {
        lock (_gate)
        {
            if (!_sequences.Add(received.Sequence))
            {
                Interlocked.Increment(ref _duplicates);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
