namespace Transports.Charts;

public enum TickFormat
{
    /// <summary>Compact numbers: 0.01, 2.5, 1k, 10k, 1M.</summary>
    Number,

    /// <summary>A fraction shown as a percentage: 0.5 is "50%".</summary>
    Percent,
}
