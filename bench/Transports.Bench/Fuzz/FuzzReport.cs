using Transports.Contract;

namespace Transports.Bench.Fuzz;

/// <summary>How one input family fared: inputs sent, how many had to be refused and counted, and how the exchanges ended.</summary>
public sealed record FuzzFamilyCounts(int Sent, int MustRefuse, int Refused, int Answered, int Held, int ServerErrors);

/// <summary>
/// What a fuzz run found. It passes when every input was sent, none failed (a 500, or a refusal that did not come),
/// the server counted at least one rejection per input that must be counted, every
/// bystander got every event once, and the managed heap stayed flat (<see cref="FuzzRunner.HeapGrowthAllowed"/>).
/// </summary>
public sealed record FuzzReport
{
    public required int Seed { get; init; }

    public required int Requested { get; init; }

    public required int Sent { get; init; }

    public required IReadOnlyDictionary<string, FuzzFamilyCounts> Families { get; init; }

    /// <summary>Every failed input (replay one with its seed and index).</summary>
    public required IReadOnlyList<string> Failures { get; init; }

    /// <summary>Inputs a transport server must refuse and count.</summary>
    public required long MustCount { get; init; }

    /// <summary>Rejections the server counted during the run.</summary>
    public required long Rejected { get; init; }

    /// <summary>Events the bystanders should each have got.</summary>
    public required long Published { get; init; }

    public required long BystanderMissing { get; init; }

    public required long BystanderDuplicates { get; init; }

    public required long BystanderReconnects { get; init; }

    /// <summary>The server's memory after the warm-up inputs, and after the last (each after a forced collection).</summary>
    public required ServerMemory? MemoryBaseline { get; init; }

    public required ServerMemory? MemoryAfter { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public bool MemoryFlat => MemoryBaseline is { } before && MemoryAfter is { } after
        && after.ManagedHeapBytes <= FuzzRunner.HeapCeiling(before.ManagedHeapBytes);

    /// <summary>Why the run failed, one reason a line; empty when it passed.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Sent < Requested)
        {
            problems.Add($"time ran out after {Sent} of {Requested} inputs");
        }

        if (Failures.Count > 0)
        {
            problems.Add($"{Failures.Count} inputs failed");
        }

        if (Rejected < MustCount)
        {
            problems.Add($"the server counted {Rejected} rejections for {MustCount} inputs it had to refuse and count");
        }

        if (BystanderMissing > 0 || BystanderDuplicates > 0)
        {
            problems.Add($"bystanders missed {BystanderMissing} and got {BystanderDuplicates} twice of {Published} events each");
        }

        if (!MemoryFlat)
        {
            problems.Add($"the server's managed heap grew from {MemoryBaseline?.ManagedHeapBytes} to {MemoryAfter?.ManagedHeapBytes} bytes");
        }

        return problems;
    }

    public bool Passed => Problems().Count == 0;
}
