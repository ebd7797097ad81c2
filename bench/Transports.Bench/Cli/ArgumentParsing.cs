using System.Globalization;
using Transports.Contract;
using Transports.Network;

namespace Transports.Bench.Cli;

/// <summary>Parses the CLI's list, number and duration values; anything wrong is a <see cref="UsageException"/>.</summary>
public static class ArgumentParsing
{
    public static IReadOnlyList<string> Transports(string text)
    {
        var ids = List(text, "--transports");
        foreach (var id in ids)
        {
            if (!TransportIds.IsKnown(id))
            {
                throw new UsageException($"unknown transport '{id}' in --transports (known: {string.Join(", ", TransportIds.Ids)})");
            }
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A list of a category's values, e.g. "fixed,poisson"; anything else is refused with the known ones.</summary>
    public static IReadOnlyList<string> Choices(string text, string option, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var items = List(text, option);
        foreach (var item in items)
        {
            if (!known.Contains(item, StringComparer.Ordinal))
            {
                throw new UsageException($"{option}: '{item}' is not one of {string.Join(", ", known)}");
            }
        }

        return [.. items.Distinct(StringComparer.Ordinal)];
    }

    public static IReadOnlyList<int> PositiveInts(string text, string option, int min = 1, int max = int.MaxValue) =>
        [.. List(text, option).Select(item =>
            int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new UsageException($"{option}: '{item}' is not a whole number from {min} to {max}")).Distinct()];

    public static IReadOnlyList<double> PositiveNumbers(string text, string option, double max = double.MaxValue) =>
        [.. List(text, option).Select(item => PositiveNumber(item, option, max)).Distinct()];

    public static double PositiveNumber(string text, string option, double max = double.MaxValue) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max && double.IsFinite(value)
            ? value
            : throw new UsageException($"{option}: '{text}' is not a number above zero{(max < double.MaxValue ? $" and at most {max:0.###}" : "")}");

    public static double NonNegativeNumber(string text, string option, double max = double.MaxValue) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max && double.IsFinite(value)
            ? value
            : throw new UsageException($"{option}: '{text}' is not a number of zero or more{(max < double.MaxValue ? $" and at most {max:0.###}" : "")}");

    /// <summary>Exactly one whole number in range.</summary>
    public static int PositiveInt(string text, string option, int min = 1, int max = int.MaxValue) =>
        PositiveInts(text, option, min, max) is [var single]
            ? single
            : throw new UsageException($"{option}: give one value, not a list");

    public static IReadOnlyList<TimeSpan> Durations(string text, string option, bool allowZero = false) =>
        [.. List(text, option).Select(item => Duration(item, option, allowZero)).Distinct()];

    /// <summary>"250ms", "10s", "2m", or a bare number of seconds; must be above zero.</summary>
    public static TimeSpan Duration(string text, string option, bool allowZero = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0)
            : (trimmed, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || (value == 0 && !allowZero) || value * unit > 86_400)
        {
            throw new UsageException($"{option}: '{text}' is not a duration (e.g. 250ms, 10s, 2m){(allowZero ? "" : " above zero")}");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    /// <summary>A list of delays as the emulator takes them ("100ms", "1.5s", "0"); its parser says what is wrong.</summary>
    public static IReadOnlyList<TimeSpan> Delays(string text, string option) =>
        [.. List(text, option).Select(item => NetworkUnits.TryParseDelay(item, out var delay, out var error) ? delay : throw new UsageException($"{option}: {error}")).Distinct()];

    /// <summary>A list of bandwidths ("10mbit", "1gbit"; "none" is no limit, 0 here); its parser says what is wrong.</summary>
    public static IReadOnlyList<long> Bandwidths(string text, string option) =>
        [.. List(text, option).Select(item => NetworkUnits.TryParseBandwidth(item, out var bits, out var error) ? bits ?? 0 : throw new UsageException($"{option}: {error}")).Distinct()];

    /// <summary>A list of `--proxy` modes, each by the name it reads back as ("buffering+no-upgrade" is "no-upgrade+buffering").</summary>
    public static IReadOnlyList<string> ProxyModes(string text, string option) =>
        [.. List(text, option).Select(item => ProxyMode.TryParse(item, out var mode, out var error) ? mode.Name : throw new UsageException($"{option}: {error}")).Distinct()];

    /// <summary>Exactly one delay.</summary>
    public static TimeSpan Delay(string text, string option) =>
        Delays(text, option) is [var single] ? single : throw new UsageException($"{option}: give one value, not a list");

    /// <summary>Exactly one bandwidth; 0 is no limit.</summary>
    public static long Bandwidth(string text, string option) =>
        Bandwidths(text, option) is [var single] ? single : throw new UsageException($"{option}: give one value, not a list");

    /// <summary>Why --network cannot go with the figures it sets (run and serve alike).</summary>
    public const string NetworkWithFigures = "--network sets the RTT, jitter and bandwidth itself: give it or --rtt/--jitter/--bandwidth, not both";

    private static string[] List(string text, string option)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw new UsageException($"{option}: give at least one value");
    }
}
