using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Transports.Contract;
using Transports.Results;
using Transports.Servers;

namespace Transports.Bench.Micro;

/// <summary>
/// The stream servers' send path, per transport, for <see cref="EventsPerBatch"/> events waiting at once: coalesced
/// (every frame, then one flush: what the servers do by default) or not (a flush per event), through the servers' own
/// code (the framings' frame writers and flush, the WebSocket under its <see cref="CoalescingStream"/>) into a sink
/// that counts writes. Reported per event, with allocations: a regression in the path shows here.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes everything.")]
public class SendBenchmarks
{
    public const int EventsPerBatch = 64;

    private readonly WriteCountingSink _sink = new();
    private readonly FeedEvent[] _one = new FeedEvent[1];
    private FeedEvent[] _events = [];
    private PipeWriter? _pipe;
    private CoalescingStream? _stream;
    private WebSocket? _socket;

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = TransportIds.Floor;

    [Params(true, false)]
    public bool Coalesce { get; set; }

    /// <summary>The transports whose servers coalesce: the streams of the Kestrel host.</summary>
    public static IEnumerable<string> Transports => TransportIds.Ids.Where(Coalescing.AppliesTo);

    // BenchmarkDotNet 0.14 calls setups synchronously in process and does not await a returned task: block here.
    [GlobalSetup]
    public void Setup()
    {
        var published = Stopwatch.GetTimestamp();
        _events = [.. Enumerable.Range(1, EventsPerBatch).Select(i => new FeedEvent(i, published, EventMessage.Create(i, published, CodecBenchmarks.PayloadBytes)))];
        _pipe = PipeWriter.Create(_sink, new StreamPipeWriterOptions(leaveOpen: true));
        _stream = new CoalescingStream(_sink);
        _socket = WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

        // The check the figures rely on: a batch is one write coalesced and one per event otherwise.
        _sink.Reset();
        Send().AsTask().GetAwaiter().GetResult();
        if (_sink.Writes != (Coalesce ? 1 : EventsPerBatch))
        {
            throw new InvalidOperationException($"{Transport}: {EventsPerBatch} events took {_sink.Writes} writes with coalescing {(Coalesce ? "on" : "off")}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket?.Dispose();
        _pipe?.Complete();
        _sink.Dispose();
    }

    [Benchmark(OperationsPerInvoke = EventsPerBatch)]
    public async ValueTask<long> Send()
    {
        if (Coalesce)
        {
            await WriteAsync(_events).ConfigureAwait(false);
        }
        else
        {
            for (var i = 0; i < _events.Length; i++)
            {
                _one[0] = _events[i];
                await WriteAsync(_one).ConfigureAwait(false);
            }
        }

        return _sink.Writes;
    }

    private ValueTask WriteAsync(FeedEvent[] events) => Transport switch
    {
        TransportIds.WebSocket => WebSocketFraming.SendAsync(_socket!, _stream, events, CancellationToken.None),
        TransportIds.Sse => Written(StreamFraming.WriteFramesAsync(_pipe!, events, SseFraming.Frame, CancellationToken.None)),
        TransportIds.Tcp => Written(StreamFraming.WriteFramesAsync(_pipe!, events, TcpFraming.Frame, CancellationToken.None)),
        _ => throw new InvalidOperationException($"{Transport}: no send path benchmarked"),
    };

    private static async ValueTask Written(ValueTask<bool> write) => await write.ConfigureAwait(false);
}
