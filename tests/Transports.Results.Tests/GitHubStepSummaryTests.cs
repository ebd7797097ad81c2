using Transports.Results.Comparison;

namespace Transports.Results.Tests;

public sealed class GitHubStepSummaryTests
{
    [Fact]
    public void NoPathWritesNothing()
    {
        Assert.False(GitHubStepSummary.AppendTo(null, "# x"));
        Assert.False(GitHubStepSummary.AppendTo("", "# x"));
    }

    [Fact]
    public void AppendsBlocksAfterWhatIsThere()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "earlier step\n\n");

            Assert.True(GitHubStepSummary.AppendTo(path, "first"));
            Assert.True(GitHubStepSummary.AppendTo(path, "second\n"));

            Assert.Equal("earlier step\n\nfirst\n\nsecond\n\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
