namespace Transports.Tests.Crank;

/// <summary>
/// The block subset of YAML that crank configurations are written in: mappings, sequences, plain and quoted
/// scalars, comments. A mapping reads as <see cref="Dictionary{TKey, TValue}"/>, a sequence as a list, a scalar
/// as <see cref="YamlScalar"/>. Anything outside the subset (flow collections, anchors, multi-line scalars, tabs)
/// is refused with the line, so the check never silently reads a file otherwise than crank would.
/// </summary>
public static class YamlSubset
{
    public static object? Parse(string text)
    {
        var lines = Lines(text);
        var position = 0;
        var root = lines.Count == 0 ? null : Block(lines, ref position, lines[0].Indent);
        return position == lines.Count ? root : throw Error(lines[position], "is indented where no block continues");
    }

    private static object Block(List<Line> lines, ref int position, int indent) =>
        lines[position].Text.StartsWith("- ", StringComparison.Ordinal) || lines[position].Text == "-"
            ? Sequence(lines, ref position, indent)
            : Mapping(lines, ref position, indent);

    private static Dictionary<string, object?> Mapping(List<Line> lines, ref int position, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (position < lines.Count && lines[position].Indent == indent && !lines[position].Text.StartsWith('-'))
        {
            var line = lines[position];
            var colon = KeyEnd(line);
            var key = Unquote(line.Text[..colon].Trim(), line).Text;
            var rest = line.Text[(colon + 1)..].Trim();
            position++;
            object? value;
            if (rest.Length > 0)
            {
                value = Scalar(rest, line);
            }
            else if (position < lines.Count && (lines[position].Indent > indent || (lines[position].Indent == indent && lines[position].Text.StartsWith('-'))))
            {
                value = Block(lines, ref position, lines[position].Indent);
            }
            else
            {
                value = null;
            }

            if (!map.TryAdd(key, value))
            {
                throw Error(line, $"repeats the key '{key}'");
            }
        }

        return position < lines.Count && lines[position].Indent > indent ? throw Error(lines[position], "is indented deeper than its mapping") : map;
    }

    private static List<object?> Sequence(List<Line> lines, ref int position, int indent)
    {
        var list = new List<object?>();
        while (position < lines.Count && lines[position].Indent == indent && lines[position].Text.StartsWith('-'))
        {
            var line = lines[position];
            var item = line.Text[1..].TrimStart();
            if (item.Length == 0 || KeyEndOrNone(item) >= 0)
            {
                // "- key: value" opens a mapping whose keys stand two columns in.
                lines[position] = line with { Indent = indent + 2, Text = item };
                list.Add(item.Length == 0 ? null : Mapping(lines, ref position, indent + 2));
            }
            else
            {
                list.Add(Scalar(item, line));
                position++;
            }
        }

        return list;
    }

    private static YamlScalar Scalar(string text, Line line) =>
        text[0] is '[' or '{' or '&' or '*' or '|' or '>' or '!' ? throw Error(line, "uses YAML beyond the block subset") : Unquote(text, line);

    private static YamlScalar Unquote(string text, Line line)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return new YamlScalar(text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal), Quoted: true);
        }

        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return new YamlScalar(text[1..^1].Replace("''", "'", StringComparison.Ordinal), Quoted: true);
        }

        return text[0] is '"' or '\'' ? throw Error(line, "has an unterminated quote") : new YamlScalar(text, Quoted: false);
    }

    private static int KeyEnd(Line line) => KeyEndOrNone(line.Text) is var end and >= 0 ? end : throw Error(line, "is neither 'key: value' nor '- item'");

    /// <summary>The colon that ends a mapping key (followed by a space or the end of the line, outside quotes), or −1.</summary>
    private static int KeyEndOrNone(string text) =>
        OutsideQuotes(text, opensQuote: i => i == 0, ends: i => text[i] == ':' && (i + 1 == text.Length || text[i + 1] == ' '));

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            if (raw.Contains('\t', StringComparison.Ordinal))
            {
                throw new FormatException($"line {number}: a tab (YAML indents with spaces)");
            }

            var content = StripComment(raw).TrimEnd();
            if (content.Trim().Length > 0)
            {
                lines.Add(new Line(number, content.Length - content.TrimStart().Length, content.Trim()));
            }
        }

        return lines;
    }

    /// <summary>A '#' at the start or after a space, outside quotes, begins a comment.</summary>
    private static string StripComment(string line) =>
        OutsideQuotes(line, opensQuote: i => i == 0 || line[i - 1] is ' ' or ':' or '-', ends: i => line[i] == '#' && (i == 0 || line[i - 1] == ' ')) is var at and >= 0 ? line[..at] : line;

    /// <summary>The first index outside quotes where <paramref name="ends"/> holds, or −1; a quote opens where <paramref name="opensQuote"/> allows.</summary>
    private static int OutsideQuotes(string text, Func<int, bool> opensQuote, Func<int, bool> ends)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && opensQuote(i))
            {
                quote = c;
            }
            else if (ends(i))
            {
                return i;
            }
        }

        return -1;
    }

    private static FormatException Error(Line line, string what) => new($"line {line.Number}: '{line.Text}' {what}");

    private readonly record struct Line(int Number, int Indent, string Text);
}

/// <summary>A scalar as written: its text, and whether it was quoted (a quoted "true" is a string, not a boolean).</summary>
public sealed record YamlScalar(string Text, bool Quoted)
{
    public bool IsBoolean => !Quoted && Text is "true" or "false" or "True" or "False";

    public bool IsInteger => !Quoted && long.TryParse(Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);

    public override string ToString() => Text;
}
