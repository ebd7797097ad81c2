namespace Transports.Charts;

public enum LegendSymbol
{
    Box,
    Line,
    DashedLine,
    Outline,

    /// <summary>A model's prediction, not a measurement (thin, dotted).</summary>
    DottedLine,
}
