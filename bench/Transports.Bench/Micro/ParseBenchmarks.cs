using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>Reading an event message's header (sequence and publish timestamp): every client does it once per event.</summary>
public class ParseBenchmarks
{
    private readonly byte[] _message = EventMessage.Create(123_456, Stopwatch.GetTimestamp(), CodecBenchmarks.PayloadBytes);

    [Benchmark]
    public long Parse() =>
        EventMessage.TryRead(_message, out var sequence, out var timestamp) ? sequence ^ timestamp : throw new InvalidDataException("not an event message");
}
