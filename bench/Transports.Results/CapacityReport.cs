using System.Text.Json;

namespace Transports.Results;

/// <summary>
/// What `run --find-max` found: for each transport and each searched setting, the largest value that still met the
/// latency bound with nothing lost, how it was found (every step), and what stopped the search. Written as
/// capacity.json and inside results.json; every step is also an ordinary scenario of results.json.
/// </summary>
public sealed record CapacityReport
{
    public const string FileName = "capacity.json";

    /// <summary>The p99 latency a step must stay at or under (and lose nothing) to pass.</summary>
    public double P99BoundMs { get; init; }

    /// <summary>The time the whole search was allowed.</summary>
    public double MaxTimeSeconds { get; init; }

    /// <summary>"running" while steps are measured, "complete", or "interrupted".</summary>
    public string Status { get; init; } = "running";

    public List<CapacitySearch> Searches { get; init; } = [];

    /// <summary>Writes capacity.json through a temporary file.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ResultsJson.Options));

    /// <summary>Reads a capacity.json; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static CapacityReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CapacityReport>(File.ReadAllText(path), ResultsJson.Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid capacity file: {e.Message}", e);
        }
    }
}

/// <summary>One transport's search along one setting.</summary>
public sealed record CapacitySearch
{
    /// <summary>`--find-max clients`: the most concurrent clients.</summary>
    public const string FindClients = "clients";

    /// <summary>`--find-max rate`: the highest publish rate.</summary>
    public const string FindRate = "rate";

    /// <summary>The settings a search can ramp.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = [FindClients, FindRate];

    public string Transport { get; init; } = "";

    /// <summary><see cref="FindClients"/> or <see cref="FindRate"/>.</summary>
    public string Dimension { get; init; } = FindClients;

    /// <summary>The settings held fixed (the ramped one at its first step).</summary>
    public int PayloadBytes { get; init; }
    public double RateHz { get; init; }
    public int Clients { get; init; }

    /// <summary>The largest value that passed (null: none did).</summary>
    public double? Max { get; init; }

    /// <summary>Whether <see cref="Max"/> passed again when measured once more.</summary>
    public bool Confirmed { get; init; }

    /// <summary>The smallest value that failed (null: none did, so the true limit is higher).</summary>
    public double? FirstFailure { get; init; }

    /// <summary>
    /// What ended the search: "latency" or "loss" or "failure" (a step above the max failed that way), "ceiling" (the
    /// largest value this machine allows passed), "time" (--max-time ran out), or "interrupted".
    /// </summary>
    public string LimitedBy { get; init; } = "";

    /// <summary>The largest value the search could try (file descriptors, ports, the rate limit, sample memory).</summary>
    public double Ceiling { get; init; }

    /// <summary>Why the ceiling is where it is, e.g. "file descriptors (20000)".</summary>
    public string CeilingReason { get; init; } = "";

    /// <summary>The most clients at the bound (clients searches).</summary>
    public int? MaxClients { get; init; }

    /// <summary>The highest publish rate at the bound (rate searches), in events per second; issue 15's figure.</summary>
    public double? MaxEventsPerSecond { get; init; }

    /// <summary>Events the clients received per second, all together, at the max: rate × clients.</summary>
    public double? DeliveredEventsPerSecond { get; init; }

    public List<CapacityStep> Steps { get; init; } = [];
}

/// <summary>One measured step: a scenario at one value, and whether it met the bound.</summary>
public sealed record CapacityStep
{
    public double Value { get; init; }

    /// <summary>The scenario's full name in results.json.</summary>
    public string Scenario { get; init; } = "";

    public bool Passed { get; init; }

    /// <summary>Why it failed ("p99 412 ms > 200 ms", "12 events lost", the error); null when it passed.</summary>
    public string? Reason { get; init; }

    /// <summary>A repeat of the best value so far, to confirm it.</summary>
    public bool Confirmation { get; init; }

    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long EventsLost { get; init; }
    public double? ServerMemoryBytesPerConnection { get; init; }

    /// <summary>Wall time of the step, connect and close included.</summary>
    public double Seconds { get; init; }
}
