using System.Text;

namespace Transports.Results;

/// <summary>GitHub-flavoured Markdown pieces shared by summary.md and the regression report.</summary>
internal static class MarkdownText
{
    /// <summary>A table cell: a pipe would end the cell and a line break the row.</summary>
    public static string Cell(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');

    /// <summary>Appends a table; <paramref name="rightAligned"/> marks the numeric columns.</summary>
    public static void AppendTable(StringBuilder builder, IReadOnlyList<string> headers, IReadOnlyList<bool> rightAligned, IEnumerable<IReadOnlyList<string>> rows)
    {
        builder.Append('|');
        foreach (var header in headers)
        {
            builder.Append(' ').Append(Cell(header)).Append(" |");
        }

        builder.Append('\n').Append('|');
        for (var i = 0; i < headers.Count; i++)
        {
            builder.Append(rightAligned[i] ? " ---: |" : " --- |");
        }

        builder.Append('\n');
        foreach (var row in rows)
        {
            builder.Append('|');
            foreach (var value in row)
            {
                builder.Append(' ').Append(Cell(value)).Append(" |");
            }

            builder.Append('\n');
        }
    }
}
