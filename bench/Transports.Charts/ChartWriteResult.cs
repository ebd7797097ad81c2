namespace Transports.Charts;

/// <summary>What <see cref="ChartWriter"/> wrote, and one-line notes for the user (e.g. why PNGs were skipped).</summary>
public sealed record ChartWriteResult(IReadOnlyList<string> Files, IReadOnlyList<string> Messages);
