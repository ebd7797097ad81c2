using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Transports.Network;

/// <summary>
/// Parses and prints the emulator's quantities: bandwidths in decimal SI bits per second (1 mbit = 1,000,000 bit/s,
/// as netem and Toxiproxy count) and delays. Bad text gives one sentence that names the accepted forms, so a CLI
/// can print it after the option's name.
/// </summary>
public static class NetworkUnits
{
    /// <summary>The longest delay or jitter accepted: a minute is far past any real path; more is a typo.</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The fastest link accepted, 1 Tbit/s; a limit above that is no limit on this machine.</summary>
    public const long MaxBitsPerSecond = 1_000_000_000_000;

    private static readonly (string Suffix, long Scale)[] BandwidthUnits =
        [("gbit", 1_000_000_000), ("mbit", 1_000_000), ("kbit", 1_000), ("bit", 1)];

    private static readonly (string Suffix, double Seconds)[] DurationUnits =
        [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1)];

    /// <summary>
    /// "10mbit", "1.5gbit", "500kbit", "9600bit" (an optional "/s" after the unit), or "none" for no limit
    /// (<paramref name="bitsPerSecond"/> null). Zero, negative, fractional bits and byte units are refused.
    /// </summary>
    public static bool TryParseBandwidth(string? text, out long? bitsPerSecond, [NotNullWhen(false)] out string? error)
    {
        bitsPerSecond = null;
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        if (trimmed is "none")
        {
            error = null;
            return true;
        }

        var withoutRate = trimmed.EndsWith("/s", StringComparison.Ordinal) ? trimmed[..^2] : trimmed;
        foreach (var (suffix, scale) in BandwidthUnits)
        {
            if (!withoutRate.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = withoutRate[..^suffix.Length].Trim();
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                break;
            }

            var bits = value * scale;
            if (bits < 1 || bits > MaxBitsPerSecond || bits != Math.Floor(bits))
            {
                error = $"'{text}' is not a bandwidth from 1bit to 1000gbit in whole bits per second";
                return false;
            }

            bitsPerSecond = (long)bits;
            error = null;
            return true;
        }

        error = $"'{text}' is not a bandwidth: give a number and a unit in bits, e.g. 10mbit, 500kbit, 1gbit, 9600bit (1 mbit = 1,000,000 bit/s), or none";
        return false;
    }

    /// <summary>"100ms", "1.5s", "250us", or a bare "0"; a non-zero number needs its unit (a bare "100" is ambiguous).</summary>
    public static bool TryParseDelay(string? text, out TimeSpan delay, [NotNullWhen(false)] out string? error)
    {
        delay = TimeSpan.Zero;
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        if (trimmed is "0")
        {
            error = null;
            return true;
        }

        foreach (var (suffix, seconds) in DurationUnits)
        {
            if (!trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = trimmed[..^suffix.Length].Trim();
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                break;
            }

            var parsed = TimeSpan.FromTicks((long)Math.Round(value * seconds * TimeSpan.TicksPerSecond));
            if (parsed > MaxDelay)
            {
                error = $"'{text}' is longer than the {Format(MaxDelay)} the emulator accepts";
                return false;
            }

            delay = parsed;
            error = null;
            return true;
        }

        error = $"'{text}' is not a delay: give a number of zero or more and a unit, e.g. 100ms, 1.5s, 250us, or 0";
        return false;
    }

    public static long ParseBandwidth(string text) =>
        TryParseBandwidth(text, out var bits, out var error) ? bits ?? throw new FormatException($"'{text}' is no limit; a number of bits per second is needed")
            : throw new FormatException(error);

    public static TimeSpan ParseDelay(string text) =>
        TryParseDelay(text, out var delay, out var error) ? delay : throw new FormatException(error);

    /// <summary>"50 Mbit/s", "1.5 Gbit/s", "9.6 kbit/s", "300 bit/s".</summary>
    public static string FormatBandwidth(long bitsPerSecond) => bitsPerSecond switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e9:0.###} Gbit/s"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e6:0.###} Mbit/s"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e3:0.###} kbit/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond} bit/s"),
    };

    /// <summary>"80 ms", "0.5 ms", "1.2 s", "0 ms".</summary>
    public static string Format(TimeSpan delay) => delay >= TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{delay.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0.###} ms");
}
