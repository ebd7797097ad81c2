namespace Transports.Results.Claims;

/// <summary>What a run's figures say about a claim.</summary>
public static class ClaimVerdict
{
    public const string Holds = "holds";
    public const string DoesNotHold = "doesn't hold";
    public const string NotMeasured = "not measured in this run";
}
