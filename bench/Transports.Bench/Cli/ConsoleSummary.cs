using Spectre.Console;
using Transports.Results;

namespace Transports.Bench.Cli;

/// <summary>The summary.md tables, on the console.</summary>
public static class ConsoleSummary
{
    public static void Print(RunResults results)
    {
        foreach (var table in SummaryTables.Build(results))
        {
            var console = new Table { Title = new TableTitle(table.Heading), Border = TableBorder.Rounded };
            console.AddColumn("transport");
            foreach (var column in table.Columns)
            {
                console.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var row in table.Rows)
            {
                console.AddRow([row.Transport, .. row.Cells.Select(c => c.TextWithRatio)]);
            }

            AnsiConsole.Write(console);
        }

        foreach (var line in SummaryMarkdown.MissingOrFailed(results))
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{line}[/]");
        }
    }
}
