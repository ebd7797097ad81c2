using BenchmarkDotNet.Attributes;
using Transports.Contract;

namespace Transports.Bench.Micro;

/// <summary>
/// Per wire format (of the transport descriptors), the cost to encode and to decode one event in memory, with its allocations. Each
/// invocation handles a run of <see cref="EventsPerRun"/> events through one encoder or parser (as a live
/// connection does) and reports per event. Encoding starts from the ready-made message the feed holds; decoding
/// ends with the event's header read, so decode minus <see cref="ParseBenchmarks.Parse"/> is the framing.
/// </summary>
public class CodecBenchmarks
{
    public const int EventsPerRun = 64;

    /// <summary>The harness's default payload.</summary>
    public const int PayloadBytes = 64;

    private EventCodec? _codec;

    [ParamsSource(nameof(Formats))]
    public WireFormat Format { get; set; }

    /// <summary>Every wire format some transport uses, once, in transport order.</summary>
    public static IEnumerable<WireFormat> Formats => TransportIds.All.Select(d => d.WireFormat).Distinct();

    // BenchmarkDotNet 0.14 calls setups synchronously in process and does not await a returned task: block here.
    [GlobalSetup]
    public void Setup() => _codec = EventCodec.CreateAsync(Format, EventsPerRun, PayloadBytes, CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _codec?.Dispose();

    [Benchmark(OperationsPerInvoke = EventsPerRun)]
    public ValueTask Encode() => _codec!.EncodeAsync(CancellationToken.None);

    [Benchmark(OperationsPerInvoke = EventsPerRun)]
    public ValueTask<long> Decode() => _codec!.DecodeAsync(CancellationToken.None);
}
