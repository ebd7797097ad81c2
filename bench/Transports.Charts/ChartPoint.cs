namespace Transports.Charts;

public readonly record struct ChartPoint(double X, double Y);
