namespace Transports.Results;

/// <summary>The values of <see cref="ScenarioResult.Status"/>.</summary>
public static class ScenarioStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    public static bool IsOk(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return string.Equals(scenario.Status, Ok, StringComparison.Ordinal);
    }
}
