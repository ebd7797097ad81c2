namespace Transports.Results.Comparison;

/// <summary>
/// The outcome of a two-sided Mann-Whitney U test. <see cref="UFirst"/> counts the pairs in which the first
/// sample is larger (ties count a half); <see cref="U"/> is the smaller of the two U statistics, the one
/// tables quote. <see cref="Z"/> is negative when the first sample tends to be the smaller.
/// </summary>
public sealed record MannWhitneyResult(double UFirst, double U, double Z, double PValue)
{
    public bool IsSignificant(double alpha) => PValue < alpha;
}
