namespace Transports.Results.Comparison;

/// <summary>
/// How far a value may rise before it counts: the change must exceed both <see cref="Absolute"/> (in the
/// metric's unit) and <see cref="Relative"/> of the baseline. Zero and zero means any increase.
/// </summary>
public sealed record Tolerance(double Relative, double Absolute)
{
    public bool IsExceededBy(double change, double baseline) => change > Absolute && change > Relative * Math.Abs(baseline);
}
