namespace Transports.Results;

/// <summary>The values of <see cref="ScenarioResult.Status"/>.</summary>
public static class ScenarioStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    /// <summary>Not run: what it needs is missing on this machine (Node for the Node-hosted transports); the error says how to install it.</summary>
    public const string Skipped = "skipped";

    public static bool IsSkipped(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return string.Equals(scenario.Status, Skipped, StringComparison.Ordinal);
    }

    public static bool IsOk(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return string.Equals(scenario.Status, Ok, StringComparison.Ordinal);
    }
}
