namespace Transports.Bench.Harness;

/// <summary>
/// The server a run measures: a running `serve` at <paramref name="ControlUri"/> (with the control token it wants, if
/// any; null falls back to the TRANSPORTS_CONTROL_TOKEN variable), or, without a URL, a server process started for the
/// run with <paramref name="Arguments"/>. <see cref="Share"/> is this host's part of the clients (`run --client-share`).
/// </summary>
public sealed record ServerChoice(Uri? ControlUri, string? Token = null, IReadOnlyList<string>? Arguments = null)
{
    public ClientShare Share { get; init; } = ClientShare.Whole;
}
