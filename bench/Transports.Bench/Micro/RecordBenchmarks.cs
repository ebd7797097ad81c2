using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// The harness's cost to record one event (<see cref="ClientRecorder.OnEvent"/>): goal under 100 ns and 0 B.
/// Each iteration re-arms a recorder (outside the measurement) and records one window of events with rising
/// sequences, so every event takes the full path (new, in order, a latency sample stored) and none is a
/// duplicate or out of range.
/// </summary>
public class RecordBenchmarks
{
    public const int EventsPerWindow = 1 << 16;

    private readonly ClientRecorder _recorder = new(new WireCounter());
    private readonly ReceivedEvent[] _events = new ReceivedEvent[EventsPerWindow];

    [GlobalSetup]
    public void Setup()
    {
        var published = Stopwatch.GetTimestamp();
        var latency = Stopwatch.Frequency / 10_000;
        for (var i = 0; i < _events.Length; i++)
        {
            _events[i] = new ReceivedEvent(i + 1, published + i, published + i + latency + (i % 97), CodecBenchmarks.PayloadBytes);
        }

        // The check the benchmark relies on: one window records every event exactly once.
        Arm();
        Record();
        if (_recorder.Delivered != EventsPerWindow || _recorder.Duplicates + _recorder.OutOfOrder + _recorder.OutOfRange != 0 || _recorder.Latency.Count != EventsPerWindow)
        {
            throw new InvalidOperationException($"the recorder delivered {_recorder.Delivered} of {EventsPerWindow} events in one window");
        }
    }

    [IterationSetup]
    public void Arm() => _recorder.Arm(baseSequence: 0, EventsPerWindow);

    [Benchmark(OperationsPerInvoke = EventsPerWindow)]
    public long Record()
    {
        foreach (ref readonly var received in _events.AsSpan())
        {
            _recorder.OnEvent(in received);
        }

        return _recorder.Delivered;
    }
}
