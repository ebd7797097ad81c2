using Transports.Bench.Fuzz.Generators;

namespace Transports.Bench.Fuzz;

/// <summary>
/// THE list of input families, taken in turn (input i comes from generator i mod count). A new transport's wire is
/// one more entry here, as STOMP's frames are.
/// </summary>
public static class FuzzGenerators
{
    public static IReadOnlyList<IFuzzGenerator> All { get; } =
    [
        new RandomBytesGenerator(),
        new TcpFrameGenerator(),
        new WebSocketFrameGenerator(),
        new WebSocketHandshakeGenerator(),
        new CursorGenerator(),
        new HttpHeaderGenerator(),
        new RequestLineGenerator(),
        new PublishBodyGenerator(),
        new StompFrameGenerator(),
    ];

    /// <summary>Input <paramref name="index"/> of the run seeded <paramref name="seed"/>.</summary>
    public static FuzzInput Create(int seed, int index, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var generator = All[index % All.Count];
        var random = new Random(Mix(seed, index));
        var input = generator.Create(index, random, target);
        return input with { Splits = Splits(random, input.Bytes.Length) };
    }

    /// <summary>Up to three cut points, in order: a request may arrive in pieces, a header split anywhere.</summary>
    private static int[] Splits(Random random, int length) =>
        length < 2 ? [] : [.. Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(1, length)).Distinct().Order()];

    /// <summary>A per-input seed, the same on every machine and run (no randomized string hashing).</summary>
    private static int Mix(int seed, int index)
    {
        var x = ((ulong)(uint)seed << 32) | (uint)index;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (int)x;
    }
}
