namespace Transports.Bench.Harness;

/// <summary>
/// How a run reaches a server on another host: the control plane's bearer token (`run --token`) and this host's
/// share of the clients (`run --client-share`).
/// </summary>
public sealed record RemoteRun(ClientShare Share, string? Token)
{
    /// <summary>One host, every client, no token.</summary>
    public static RemoteRun Local { get; } = new(ClientShare.Whole, null);
}
