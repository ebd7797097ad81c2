namespace Transports.Results.Comparison;

/// <summary>
/// Appends Markdown to the job summary GitHub Actions shows on the run page: the file named by
/// $GITHUB_STEP_SUMMARY. Outside Actions the variable is unset and nothing is written.
/// </summary>
public static class GitHubStepSummary
{
    public const string VariableName = "GITHUB_STEP_SUMMARY";

    /// <summary>Returns whether anything was written.</summary>
    public static bool Append(string markdown) => AppendTo(Environment.GetEnvironmentVariable(VariableName), markdown);

    /// <summary>Appends to <paramref name="path"/>; no-op when it is null or empty.</summary>
    public static bool AppendTo(string? path, string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        // Other steps append to the same file: keep our block separate from theirs.
        File.AppendAllText(path, markdown.EndsWith('\n') ? markdown + "\n" : markdown + "\n\n");
        return true;
    }
}
