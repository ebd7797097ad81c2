namespace Transports.Results;

/// <summary>
/// A latency distribution of the model's shape: a share <see cref="PointWeight"/> of events take exactly
/// <see cref="PointMs"/>, the rest spread evenly over [<see cref="FromMs"/>, <see cref="ToMs"/>].
/// </summary>
public sealed record LatencyModel(double PointMs, double PointWeight, double FromMs, double ToMs)
{
    public static LatencyModel Exactly(double ms) => new(ms, 1, ms, ms);

    public static LatencyModel Between(double fromMs, double toMs) => new(fromMs, 0, fromMs, toMs);

    public double Mean => (PointWeight * PointMs) + ((1 - PointWeight) * (FromMs + ToMs) / 2);

    public double Max => PointWeight >= 1 ? PointMs : Math.Max(PointMs, ToMs);

    /// <summary>The latency below which a share <paramref name="p"/> of events fall (the point first when it is lowest).</summary>
    public double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        return p <= PointWeight ? PointMs : FromMs + ((ToMs - FromMs) * (p - PointWeight) / (1 - PointWeight));
    }
}
