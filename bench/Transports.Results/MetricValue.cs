namespace Transports.Results;

/// <summary>One value of a <see cref="Metric"/>: a number, a text, or absent (not measured, which is not zero).</summary>
public readonly record struct MetricValue(double? Number, string? Text)
{
    /// <summary>How an absent value reads in tables.</summary>
    public const string AbsentText = "n/a";

    public static MetricValue Absent => default;

    public bool IsAbsent => Number is null && Text is null;

    public static implicit operator MetricValue(double number) => new(number, null);

    public static implicit operator MetricValue(double? number) => new(number, null);

    public static implicit operator MetricValue(string? text) => new(null, text);

    public static MetricValue FromDouble(double number) => number;

    public static MetricValue FromString(string? text) => text;
}
