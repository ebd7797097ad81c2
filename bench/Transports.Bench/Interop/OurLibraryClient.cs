using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Interop;

/// <summary>Our client of a library (<see cref="SignalRClient"/> or <see cref="SocketIoClient"/>) in this process, forced onto one transport or left to negotiate.</summary>
public sealed class OurLibraryClient : IInteropClient, IEventSink
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly ITransportClient _client;
    private readonly string _transport;
    private readonly SemaphoreSlim _arrived = new(0);
    private int _events;

    public OurLibraryClient(string library, string transport, Uri httpBase)
    {
        _transport = transport;
        var options = library == InteropCase.SignalR
            ? new ClientOptions { SignalRTransport = transport }
            : new ClientOptions { SocketIoTransport = transport };
        _client = TransportClients.Create(library, LoopbackConnections.Create(httpBase, null, new WireCounter()), this, options);
    }

    public string Name => "ours";

    public async Task<string> ReadyAsync(CancellationToken cancellationToken)
    {
        await _client.StartAsync(null, cancellationToken).ConfigureAwait(false);
        var negotiating = (INegotiatingClient)_client;

        // In auto the subscription opens on polling; the upgrade follows, as the official client's does.
        while (_transport == LibraryTransports.Auto && negotiating.NegotiatedTransport != LibraryTransports.SocketIoWebSocket)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return negotiating.NegotiatedTransport ?? "";
    }

    public async Task WaitForEventsAsync(int count, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _events) < count)
        {
            await _arrived.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void OnEvent(in ReceivedEvent received)
    {
        Interlocked.Increment(ref _events);
        _arrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The close is not measured; dispose cuts what is left.
        }

        await _client.DisposeAsync().ConfigureAwait(false);
        _arrived.Dispose();
    }
}
