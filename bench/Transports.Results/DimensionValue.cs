using System.Globalization;

namespace Transports.Results;

/// <summary>
/// The value a scenario has for one <see cref="ScenarioDimension"/>: a number (payload 16, rate 10) or a
/// category ("poisson"). Values compare equal when they are the same number or the same text.
/// </summary>
public readonly record struct DimensionValue
{
    private DimensionValue(double number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The number; NaN for a category.</summary>
    public double Number { get; }

    /// <summary>The category; null for a number.</summary>
    public string? Text { get; }

    public bool IsNumber => Text is null;

    public static DimensionValue Of(double number) => new(number, null);

    public static DimensionValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DimensionValue(double.NaN, text);
    }

    public static implicit operator DimensionValue(double number) => Of(number);

    public static implicit operator DimensionValue(string text) => Of(text);

    public static DimensionValue FromDouble(double number) => Of(number);

    public static DimensionValue FromString(string text) => Of(text);

    /// <summary>The number in invariant culture (at most three decimals), or the category as it is.</summary>
    public override string ToString() => Text ?? Number.ToString("0.###", CultureInfo.InvariantCulture);
}
