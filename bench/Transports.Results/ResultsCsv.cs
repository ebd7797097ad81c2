using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Transports.Results;

/// <summary>
/// Writes results.csv: a header row, then one row per scenario. The columns are read from the JSON contract
/// of <see cref="ScenarioResult"/> (<see cref="ResultsJson.Options"/>), so they are the results.json keys in
/// the same order, nested objects flattened with a dot (<c>latencyMs.p50</c>), and a new property is a new
/// column with no CSV code. A list of numbers is one cell joined with ';' (the column set must not depend on
/// how many there are); a list of objects is a series (the CDF) and stays in results.json. The columns never
/// depend on which values are null: a null is an empty cell. Numbers are invariant-culture and round-trip;
/// fields are quoted per RFC 4180 and rows end with CRLF.
/// </summary>
public static class ResultsCsv
{
    private static readonly IReadOnlyList<CsvColumn> ColumnList = BuildColumns();

    /// <summary>The header row, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ColumnList.Select(c => c.Name).ToArray();

    public static string Format(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var builder = new StringBuilder();
        AppendRecord(builder, Columns);
        foreach (var scenario in results.Scenarios)
        {
            AppendRecord(builder, ColumnList.Select(c => c.Value(scenario)));
        }

        return builder.ToString();
    }

    /// <summary>Writes through a temporary file, as results.json is, so a crash leaves no half file.</summary>
    public static void Write(RunResults results, string path)
    {
        AtomicFile.WriteAllText(path, Format(results));
    }

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? field
            : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void AppendRecord(StringBuilder builder, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(Quote(field));
            first = false;
        }

        builder.Append("\r\n");
    }

    private static List<CsvColumn> BuildColumns()
    {
        var columns = new List<CsvColumn>();
        AddColumns(columns, ResultsJson.Options.GetTypeInfo(typeof(ScenarioResult)), "", value => value);
        return columns;
    }

    /// <summary>One column per scalar property of <paramref name="type"/>; nested objects recursively, under "key.".</summary>
    private static void AddColumns(List<CsvColumn> columns, JsonTypeInfo type, string prefix, Func<ScenarioResult, object?> owner)
    {
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get)
            {
                continue;
            }

            var name = prefix + property.Name;
            object? Read(ScenarioResult scenario) => owner(scenario) is { } parent ? get(parent) : null;
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var info = ResultsJson.Options.GetTypeInfo(valueType);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    AddColumns(columns, info, name + ".", Read);
                    break;
                case JsonTypeInfoKind.Enumerable when info.ElementType is { } element && IsScalar(element):
                    columns.Add(new CsvColumn(name, s => Read(s) is IEnumerable items ? string.Join(';', items.Cast<object?>().Select(Text)) : ""));
                    break;
                case JsonTypeInfoKind.None:
                    columns.Add(new CsvColumn(name, s => Text(Read(s))));
                    break;
                default:
                    // A series or a map: a cell cannot hold it; results.json keeps it.
                    break;
            }
        }
    }

    private static bool IsScalar(Type type) =>
        ResultsJson.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type).Kind == JsonTypeInfoKind.None;

    /// <summary>A value as results.json spells it, without quotes: round-trip numbers, true/false, text; null is empty.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        // Shortest round-trip form; NaN and infinities as .NET and results.json spell them.
        double number => number.ToString(CultureInfo.InvariantCulture),
        float number => number.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
