namespace Transports.Results.Comparison;

/// <summary>
/// Two-sided Mann-Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie-corrected variance
/// and continuity correction, as dotnet/performance ResultsComparer uses to ask whether two sets of
/// measurements differ. Rank-based, so one outlier window cannot decide it.
/// </summary>
public static class MannWhitneyU
{
    public static MannWhitneyResult Test(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        if (first.Concat(second).Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Samples must be finite numbers.");
        }

        double n1 = first.Count;
        double n2 = second.Count;
        var n = n1 + n2;

        // Rank the pooled samples; tied values share the mean of the ranks they span.
        var pooled = first.Select(v => (Value: v, First: true))
            .Concat(second.Select(v => (Value: v, First: false)))
            .OrderBy(p => p.Value)
            .ToArray();
        double rankSumFirst = 0;
        double tieTerm = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Value.Equals(pooled[start].Value))
            {
                end++;
            }

            var rank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                if (pooled[i].First)
                {
                    rankSumFirst += rank;
                }
            }

            double ties = end - start + 1;
            tieTerm += ties * ties * ties - ties;
            start = end + 1;
        }

        var uFirst = rankSumFirst - n1 * (n1 + 1) / 2;
        var u = Math.Min(uFirst, n1 * n2 - uFirst);
        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * (n + 1 - tieTerm / (n * (n - 1)));
        if (variance <= 0)
        {
            // Every value tied: no evidence of any shift.
            return new MannWhitneyResult(uFirst, u, 0, 1);
        }

        var z = Math.Max(0, Math.Abs(uFirst - mean) - 0.5) / Math.Sqrt(variance);
        var p = Math.Min(1, Erfc(z / Math.Sqrt(2)));
        return new MannWhitneyResult(uFirst, u, uFirst < mean ? -z : z, p);
    }

    /// <summary>
    /// Complementary error function (Numerical Recipes' erfcc, Chebyshev fit, relative error below 1.2e-7
    /// everywhere): .NET has no Math.Erfc, and p-values need no more digits than this.
    /// </summary>
    internal static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
