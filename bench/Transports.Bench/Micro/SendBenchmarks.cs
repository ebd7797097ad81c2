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
/// code (the framings' frame writers and flush into a pipe whose reader takes each flush as one send, as Kestrel's
/// socket loop does; the WebSocket under its <see cref="CoalescingStream"/> into a sink that counts writes). Reported
/// per event, with allocations: a regression in the path shows here.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet ends a benchmark's life with [GlobalCleanup], which disposes everything.")]
public class SendBenchmarks
{
    public const int EventsPerBatch = 64;

    private readonly WriteCountingSink _sink = new();
    private readonly FeedEvent[] _one = new FeedEvent[1];
    private FeedEvent[] _events = [];
    // A token that can cancel, as a session's can (a send path that pays per event for that shows here).
    private readonly CancellationTokenSource _session = new();
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private long _sends;
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
        _stream = new CoalescingStream(_sink);
        _socket = WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

        // The check the figures rely on: a batch is one write coalesced and one per event otherwise.
        var sends = Send().AsTask().GetAwaiter().GetResult();
        if (sends != (Coalesce ? 1 : EventsPerBatch))
        {
            throw new InvalidOperationException($"{Transport}: {EventsPerBatch} events took {sends} sends with coalescing {(Coalesce ? "on" : "off")}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket?.Dispose();
        _pipe.Writer.Complete();
        _pipe.Reader.Complete();
        _sink.Dispose();
        _session.Dispose();
    }

    /// <summary>One batch; returns the sends it took.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerBatch)]
    public async ValueTask<long> Send()
    {
        _sink.Reset();
        _sends = 0;
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

        return _sink.Writes + _sends;
    }

    private ValueTask WriteAsync(FeedEvent[] events) => Transport switch
    {
        TransportIds.WebSocket => WebSocketFraming.SendAsync(_socket!, _stream, events, _session.Token),
        TransportIds.Sse => SentAsync(StreamFraming.WriteFramesAsync(_pipe.Writer, events, SseFraming.Frame, _session.Token)),
        TransportIds.Tcp => SentAsync(StreamFraming.WriteFramesAsync(_pipe.Writer, events, TcpFraming.Frame, _session.Token)),
        _ => throw new InvalidOperationException($"{Transport}: no send path benchmarked"),
    };

    /// <summary>After a flush, the socket's side: what was flushed goes out in one send.</summary>
    private async ValueTask SentAsync(ValueTask<bool> flushed)
    {
        await flushed.ConfigureAwait(false);
        if (_pipe.Reader.TryRead(out var sent))
        {
            _sends++;
            _pipe.Reader.AdvanceTo(sent.Buffer.End);
        }
    }
}
