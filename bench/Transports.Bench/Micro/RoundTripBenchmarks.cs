using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Bench.Micro;

/// <summary>
/// One round trip per transport over loopback, through the real server and client: the client sends an event
/// message upstream, the server publishes it into the feed, and the same client receives it. Server, client and
/// benchmark share this process, so the allocations are everything the round trip allocates on both ends. The
/// polling client asks every <see cref="PollInterval"/>, so its figure includes up to that much waiting.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes everything.")]
public class RoundTripBenchmarks
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _message = EventMessage.Create(1, Stopwatch.GetTimestamp(), CodecBenchmarks.PayloadBytes);
    private TransportServer? _server;
    private ITransportClient? _client;
    private RoundTripSink? _sink;

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = TransportIds.Floor;

    /// <summary>Our own transports: the Node-hosted ones need a Node server and its bridge hop, which is not this benchmark's question.</summary>
    public static IEnumerable<string> Transports => TransportIds.Ids.Where(TransportIds.IsOurs);

    // BenchmarkDotNet 0.14 calls setup and cleanup synchronously in process and does not await a returned task:
    // they block here, the one place this code waits synchronously (there is no synchronization context).
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        _server = await TransportServer.StartAsync(new TransportServerOptions(), cancellationToken: timeout.Token).ConfigureAwait(false);
        _sink = new RoundTripSink(ReplyTimeout);
        var connections = LoopbackConnections.Create(_server.HttpUri, _server.TcpEndPoint, new WireCounter());
        _client = TransportClients.Create(Transport, connections, _sink, new ClientOptions { PollInterval = PollInterval });
        await _client.StartAsync(cursor: null, timeout.Token).ConfigureAwait(false);
    }

    private async Task CleanupAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _sink?.Dispose();
    }

    [Benchmark]
    public async ValueTask<long> RoundTrip()
    {
        var client = _client!;
        var sink = _sink!;
        if (client.Errors + sink.Stray != 0)
        {
            throw new InvalidOperationException($"{Transport}: {client.Errors} client errors, {sink.Stray} events nobody sent");
        }

        var arrival = sink.Expect();
        await client.SendAsync(_message, CancellationToken.None).ConfigureAwait(false);
        return await arrival.ConfigureAwait(false);
    }
}
