namespace Transports.Charts;

/// <summary>An axis: its label, scale, range and tick positions (in data units).</summary>
public sealed record ChartAxis(string Label, AxisScale Scale, double Min, double Max, IReadOnlyList<double> Ticks, TickFormat Format = TickFormat.Number)
{
    /// <summary>Values whose largest over smallest positive reaches this ratio get a log axis.</summary>
    public const double LogRatio = 100;

    /// <summary>
    /// Fits an axis to values: log10 when the positive values span two decades or more, else linear.
    /// A linear axis starts at zero when <paramref name="fromZero"/> (bars must), else at a round value.
    /// </summary>
    public static ChartAxis Fit(string label, IEnumerable<double> values, bool fromZero = true)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var positive = finite.Where(v => v > 0).ToList();
        if (positive.Count > 0 && positive.Max() / positive.Min() >= LogRatio)
        {
            return Log(label, positive.Min(), positive.Max());
        }

        var max = finite.Count == 0 ? 1 : finite.Max();
        var min = finite.Count == 0 ? 0 : fromZero ? Math.Min(0, finite.Min()) : finite.Min();
        return Linear(label, min, max);
    }

    /// <summary>A log10 axis from the decade at or below <paramref name="min"/> to the one at or above <paramref name="max"/>.</summary>
    public static ChartAxis Log(string label, double min, double max)
    {
        var low = Math.Floor(Math.Log10(min));
        var high = Math.Ceiling(Math.Log10(max));
        if (high <= low)
        {
            high = low + 1;
        }

        // More than eight decades would crowd the labels: tick every other one.
        var step = high - low > 8 ? 2 : 1;
        var ticks = new List<double>();
        for (var e = low; e <= high; e += step)
        {
            ticks.Add(Math.Pow(10, e));
        }

        return new ChartAxis(label, AxisScale.Log10, Math.Pow(10, low), Math.Pow(10, high), ticks);
    }

    /// <summary>A linear axis with 1-2-5 steps covering [min, max].</summary>
    public static ChartAxis Linear(string label, double min, double max)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var step = NiceStep((max - min) / 5);
        var low = Math.Floor(min / step) * step;
        var high = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var i = 0; low + (i * step) <= high + (step / 1e6); i++)
        {
            // Rounded so 0.1 * 3 prints as 0.3, not 0.30000000000000004.
            ticks.Add(Math.Round(low + (i * step), 12));
        }

        return new ChartAxis(label, AxisScale.Linear, low, high, ticks);
    }

    /// <summary>Position of a value along the axis as a fraction 0..1 (clamped; log axes clamp zero to the bottom).</summary>
    public double Fraction(double value)
    {
        double f;
        if (Scale == AxisScale.Log10)
        {
            f = value <= 0 ? 0 : (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min));
        }
        else
        {
            f = (value - Min) / (Max - Min);
        }

        return double.IsFinite(f) ? Math.Clamp(f, 0, 1) : 0;
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0 || !double.IsFinite(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
