namespace Transports.Results;

/// <summary>
/// One setting a scenario is measured under (payload, rate, arrivals...), as data. Everything that names,
/// groups or compares scenarios reads this: the full name, the floor matching, the summary and report
/// columns, results.csv (through the <see cref="ScenarioResult"/> property named <see cref="Key"/>), the
/// settings tables and the charts' sweeps. The entries live in <see cref="ScenarioDimensions"/>.
/// </summary>
public sealed record ScenarioDimension
{
    /// <summary>The results.json key of the <see cref="ScenarioResult"/> property that holds it, e.g. "payloadBytes".</summary>
    public required string Key { get; init; }

    /// <summary>For people: "Payload size".</summary>
    public required string Title { get; init; }

    /// <summary>"B", "events/s"; empty for a category.</summary>
    public string Unit { get; init; } = "";

    /// <summary>How a result holds it.</summary>
    public required Func<ScenarioResult, DimensionValue> Read { get; init; }

    /// <summary>The key of its segment in the full name: "payload" in "payload=16".</summary>
    public required string NameKey { get; init; }

    /// <summary>
    /// The value in the name, after "=": it must read back through the dimension's `run` option, so a name
    /// says how to measure the scenario again ("poll=250ms" is `--poll-interval 250ms`).
    /// </summary>
    public Func<DimensionValue, string> NameText { get; init; } = value => value.ToString();

    /// <summary>"16 B payload", "poisson arrivals": column headers, panel titles, chart subtitles.</summary>
    public required Func<DimensionValue, string> Describe { get; init; }

    /// <summary>
    /// The value assumed when nothing is said: left out of names (unless <see cref="AlwaysNamed"/>) and of
    /// descriptions, and what a results.json written before the dimension existed reads as (the
    /// <see cref="ScenarioResult"/> property's initial value must be this). Null: every value is remarkable.
    /// </summary>
    public DimensionValue? Default { get; init; }

    /// <summary>
    /// Named even at its default: the five settings of the first schema, so the names the committed baseline
    /// is keyed by stay as they are. New dimensions leave this false, which keeps names short and stable.
    /// </summary>
    public bool AlwaysNamed { get; init; }

    /// <summary>A category's values in display order (empty for a number); anything else is refused by the CLI.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>
    /// The transports whose behaviour it changes (all unless said). A transport it does not apply to may stand in
    /// with one scenario for every value, e.g. the tcp floor measured once for every poll interval.
    /// </summary>
    public Func<string, bool> AppliesTo { get; init; } = _ => true;

    public bool IsCategorical => Values.Count > 0;

    /// <summary>"Payload size (B)"; the title alone for a category or where the unit only repeats it ("Clients").</summary>
    public string Label => Unit.Length == 0 || string.Equals(Unit, Title, StringComparison.OrdinalIgnoreCase) ? Title : $"{Title} ({Unit})";

    /// <summary>A numeric dimension; its name text is the number with at most three decimals and <paramref name="nameSuffix"/>.</summary>
    public static ScenarioDimension Numeric(
        string key,
        string title,
        string unit,
        Func<ScenarioResult, double> read,
        string nameKey,
        Func<double, string> describe,
        string nameSuffix = "")
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(describe);
        return new ScenarioDimension
        {
            Key = key,
            Title = title,
            Unit = unit,
            Read = result => DimensionValue.Of(read(result)),
            NameKey = nameKey,
            NameText = value => value + nameSuffix,
            Describe = value => describe(value.Number),
        };
    }

    /// <summary>A category with a fixed set of values, the first of which need not be the default.</summary>
    public static ScenarioDimension Categorical(
        string key,
        string title,
        Func<ScenarioResult, string> read,
        IReadOnlyList<string> values,
        string defaultValue,
        Func<string, string> describe,
        string? nameKey = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(values);
        if (!values.Contains(defaultValue, StringComparer.Ordinal))
        {
            throw new ArgumentException($"the default '{defaultValue}' of {key} is not one of its values", nameof(defaultValue));
        }

        return new ScenarioDimension
        {
            Key = key,
            Title = title,
            Read = result => DimensionValue.Of(read(result)),
            NameKey = nameKey ?? key,
            Describe = value => describe(value.ToString()),
            Default = DimensionValue.Of(defaultValue),
            Values = values,
        };
    }

    /// <summary>Whether the full name carries this value.</summary>
    public bool IsNamed(DimensionValue value) => AlwaysNamed || Default != value;

    /// <summary>"payload=16".</summary>
    public string NameSegment(DimensionValue value) => $"{NameKey}={NameText(value)}";

    /// <summary>Numbers ascending; categories in <see cref="Values"/> order, unknown ones after them by text.</summary>
    public int Compare(DimensionValue a, DimensionValue b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return a.Number.CompareTo(b.Number);
        }

        if (a.IsNumber != b.IsNumber)
        {
            return a.IsNumber ? -1 : 1;
        }

        var order = Rank(a.Text!).CompareTo(Rank(b.Text!));
        return order != 0 ? order : string.CompareOrdinal(a.Text, b.Text);
    }

    private int Rank(string text)
    {
        for (var i = 0; i < Values.Count; i++)
        {
            if (string.Equals(Values[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Values.Count;
    }

    /// <summary>An ascending comparer of this dimension's values.</summary>
    public IComparer<DimensionValue> Comparer => Comparer<DimensionValue>.Create(Compare);
}
