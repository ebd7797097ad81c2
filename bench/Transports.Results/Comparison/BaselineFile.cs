using Transports.Contract;

namespace Transports.Results.Comparison;

/// <summary>
/// results/baseline.json: a run, with the environment it came from, that later runs are held to. It is
/// results.json without the latency CDFs, which the comparison does not read and which would make every
/// baseline update a large diff.
/// </summary>
public static class BaselineFile
{
    public const string DefaultPath = "results/baseline.json";

    /// <summary>Writes the trimmed run (through a temporary file) and returns what was written.</summary>
    public static RunResults Write(RunResults run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var trimmed = Trim(run);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ResultsJson.Write(trimmed, path);
        return trimmed;
    }

    /// <summary>Reads a baseline; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static RunResults Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"No baseline at {path}; write one with the baseline command.");
        }

        RunResults run;
        try
        {
            run = ResultsJson.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(OneLine(e.Message), e);
        }

        if (run.Scenarios.Count == 0)
        {
            throw new InvalidDataException($"{path} has no scenarios to compare with.");
        }

        if (run.Scenarios.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Name)) is { } unnamed)
        {
            throw new InvalidDataException($"{path} has a {unnamed.Transport} scenario without a name.");
        }

        var duplicate = run.Scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path} has scenario {duplicate.Key} more than once.");
        }

        return run;
    }

    /// <summary>The run without latency CDFs.</summary>
    public static RunResults Trim(RunResults run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with
        {
            Scenarios = run.Scenarios.Select(s => s with
            {
                LatencyMs = s.LatencyMs with { Cdf = [] },
                UpstreamLatencyMs = s.UpstreamLatencyMs is null ? null : s.UpstreamLatencyMs with { Cdf = [] },
            }).ToList(),
        };
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
