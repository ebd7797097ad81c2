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

    private static readonly (string Suffix, decimal Scale)[] BandwidthUnits =
        [("gbit", 1_000_000_000m), ("mbit", 1_000_000m), ("kbit", 1_000m), ("bit", 1m)];

    private static readonly (string Suffix, decimal Seconds)[] DurationUnits =
        [("us", 0.000001m), ("µs", 0.000001m), ("ms", 0.001m), ("s", 1m)];

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
        if (TrySplit(withoutRate, BandwidthUnits, out var value, out var scale))
        {
            var bits = value * scale;
            if (bits < 1 || bits > MaxBitsPerSecond || bits != decimal.Truncate(bits))
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

        if (TrySplit(trimmed, DurationUnits, out var value, out var seconds))
        {
            var ticks = value * seconds * TimeSpan.TicksPerSecond;
            if (ticks > MaxDelay.Ticks)
            {
                error = $"'{text}' is longer than the {Format(MaxDelay)} the emulator accepts";
                return false;
            }

            delay = TimeSpan.FromTicks((long)decimal.Round(ticks));
            error = null;
            return true;
        }

        error = $"'{text}' is not a delay: give a number of zero or more and a unit, e.g. 100ms, 1.5s, 250us, or 0";
        return false;
    }

    /// <summary>
    /// A number of zero or more followed by one of <paramref name="units"/>' suffixes, and that unit's scale; in
    /// decimal, so "1.1mbit" is exactly 1,100,000 bits.
    /// </summary>
    private static bool TrySplit(string text, (string Suffix, decimal Scale)[] units, out decimal value, out decimal scale)
    {
        foreach (var (suffix, unitScale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                scale = unitScale;
                // Past 10^15 of any unit is out of range anyway; refusing it here keeps the scaling from overflowing.
                return decimal.TryParse(text[..^suffix.Length].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
                    && value <= 1e15m;
            }
        }

        (value, scale) = (0, 0);
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

    /// <summary>
    /// The bandwidth as <see cref="TryParseBandwidth"/> reads it back exactly, in the largest unit that needs at most
    /// three decimals: "50mbit", "1.5gbit", "9600bit", "1234.567kbit".
    /// </summary>
    public static string BandwidthText(long bitsPerSecond)
    {
        foreach (var (suffix, scale) in BandwidthUnits)
        {
            var value = bitsPerSecond / scale;
            if (value >= 1 && value == decimal.Round(value, 3))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{value:0.###}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond}bit");
    }

    /// <summary>"80 ms", "0.5 ms", "1.2 s", "0 ms".</summary>
    public static string Format(TimeSpan delay) => delay >= TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{delay.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0.###} ms");
}
