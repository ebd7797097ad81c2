using System.Globalization;

namespace Transports.Charts;

/// <summary>Numbers as people read them on a slide, always in the invariant culture.</summary>
public static class NumberText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A value label: thousands separated, about three significant digits below 100.</summary>
    public static string Value(double value)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            0 => "0",
            // Four digits without a separator stay narrow enough to sit above a bar.
            >= 10_000 => value.ToString("#,0", Invariant),
            >= 100 => value.ToString("0", Invariant),
            >= 10 => value.ToString("0.#", Invariant),
            >= 1 => value.ToString("0.##", Invariant),
            >= 0.001 => value.ToString("0.###", Invariant),
            _ => value.ToString("0.######", Invariant),
        };
    }

    /// <summary>A count in running text ("1,000 clients", "1,024 B").</summary>
    public static string Count(double value) => value.ToString("#,0.##", Invariant);

    /// <summary>A tick label: compact (1k, 10k, 1M) so axes stay narrow.</summary>
    public static string Tick(double value, TickFormat format)
    {
        if (format == TickFormat.Percent)
        {
            return (value * 100).ToString("0.#", Invariant) + "%";
        }

        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e6 => (value / 1e6).ToString("0.#", Invariant) + "M",
            >= 1e4 => (value / 1e3).ToString("0.#", Invariant) + "k",
            _ => Value(value),
        };
    }

    /// <summary>A coordinate for an SVG attribute: invariant, at most two decimals.</summary>
    public static string Coordinate(double value) => Math.Round(value, 2).ToString("0.##", Invariant);
}
