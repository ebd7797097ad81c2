using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// The run's folder. results.json is rewritten after every scenario, so an interrupted run or a crash in one
/// scenario keeps everything measured so far and names what is missing.
/// </summary>
public sealed class RunOutput
{
    private readonly List<ScenarioResult> _scenarios = [];
    private readonly IReadOnlyList<Scenario> _planned;
    private readonly RunEnvironment _environment;
    private readonly RunSettings _settings;
    private CapacityReport? _capacity;

    private RunOutput(string directory, IReadOnlyList<Scenario> planned, RunEnvironment environment, RunSettings settings)
    {
        Directory = directory;
        _planned = planned;
        _environment = environment;
        _settings = settings;
    }

    public string Directory { get; }

    public string ResultsPath => Path.Combine(Directory, "results.json");

    public IReadOnlyList<ScenarioResult> Scenarios => _scenarios;

    public string CapacityPath => Path.Combine(Directory, CapacityReport.FileName);

    /// <summary>Creates the folder and proves it writable before anything is measured.</summary>
    public static RunOutput Create(string directory, IReadOnlyList<Scenario> planned, RunEnvironment environment, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(planned);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"cannot write to the output folder '{directory}': {e.Message}");
        }

        var output = new RunOutput(directory, planned, environment, settings);
        output.Write("running");
        return output;
    }

    /// <summary>Adds one scenario's result and writes results.json at once.</summary>
    public void Add(ScenarioResult result)
    {
        _scenarios.Add(result);
        Write("running");
    }

    /// <summary>A capacity search's findings so far: written to capacity.json and into results.json at once.</summary>
    public void SetCapacity(CapacityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _capacity = report;
        report.Write(CapacityPath);
        Write("running");
    }

    /// <summary>Writes the final results.json ("complete" or "interrupted"), results.csv and summary.md.</summary>
    public RunResults Finish(bool interrupted)
    {
        var results = Write(interrupted ? "interrupted" : "complete");
        ResultsCsv.Write(results, Path.Combine(Directory, "results.csv"));
        SummaryMarkdown.Write(results, Path.Combine(Directory, "summary.md"));
        return results;
    }

    public IReadOnlyList<string> Missing()
    {
        // A skipped scenario (Node missing) is accounted for: its result says why.
        var done = _scenarios.Where(s => ScenarioStatus.IsOk(s) || ScenarioStatus.IsSkipped(s)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return [.. _planned.Select(s => s.Name).Where(name => !done.Contains(name))];
    }

    private RunResults Write(string status)
    {
        var results = new RunResults
        {
            Environment = status == "running" ? _environment : _environment with { FinishedUtc = DateTimeOffset.UtcNow },
            Settings = _settings,
            Scenarios = [.. _scenarios],
            Missing = [.. Missing()],
            Status = status,
            Capacity = _capacity,
        };
        ResultsJson.Write(results, ResultsPath);
        return results;
    }
}
