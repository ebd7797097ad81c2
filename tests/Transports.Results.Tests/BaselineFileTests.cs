using Transports.Results.Comparison;

namespace Transports.Results.Tests;

public sealed class BaselineFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("transports-baseline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WritesTheRunWithItsEnvironmentAndWithoutCdfs()
    {
        var path = Path.Combine(_directory, "results", "baseline.json");

        BaselineFile.Write(SyntheticRuns.Run(), path);
        var read = BaselineFile.Read(path);

        Assert.Equal(SyntheticRuns.Run().Environment, read.Environment);
        Assert.Equal(SyntheticRuns.Run().Scenarios.Select(s => s.Name), read.Scenarios.Select(s => s.Name));
        Assert.All(read.Scenarios, s => Assert.Empty(s.LatencyMs.Cdf));
        Assert.False(BaselineComparer.Compare(read, SyntheticRuns.Run()).HasRegression);
    }

    [Fact]
    public void BadInputIsAOneLineInvalidDataException()
    {
        var path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, "{ \"schema\": 1,\n  \"scenarios\": [ oops");

        var error = Assert.Throws<InvalidDataException>(() => BaselineFile.Read(path));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndEmptyBaselineAreRefused()
    {
        Assert.Throws<InvalidDataException>(() => BaselineFile.Read(Path.Combine(_directory, "none.json")));

        var empty = Path.Combine(_directory, "empty.json");
        BaselineFile.Write(SyntheticRuns.Run() with { Scenarios = [] }, empty);
        var error = Assert.Throws<InvalidDataException>(() => BaselineFile.Read(empty));
        Assert.Contains("no scenarios", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateScenarioNamesAreRefused()
    {
        var run = SyntheticRuns.Run();
        var path = Path.Combine(_directory, "duplicate.json");
        BaselineFile.Write(run with { Scenarios = [.. run.Scenarios, run.Scenarios[0]] }, path);

        var error = Assert.Throws<InvalidDataException>(() => BaselineFile.Read(path));

        Assert.Contains(run.Scenarios[0].Name, error.Message, StringComparison.Ordinal);
    }
}
