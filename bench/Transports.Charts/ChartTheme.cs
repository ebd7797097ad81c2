namespace Transports.Charts;

public enum ChartTheme
{
    Light,
    Dark,
}
