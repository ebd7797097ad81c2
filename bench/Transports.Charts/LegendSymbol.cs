namespace Transports.Charts;

public enum LegendSymbol
{
    Box,
    Line,
    DashedLine,
    Outline,
}
