namespace Transports.Charts;

public enum AxisScale
{
    Linear,

    /// <summary>Used when the values span two decades or more, so small values stay visible.</summary>
    Log10,
}
