using System.Globalization;
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

    /// <summary>A soak's allowance: the last minute's server memory may exceed the second minute's by this much.</summary>
    public const double MaxMemoryGrowthPercent = 10;

    /// <summary>
    /// For scenarios with forced disconnects or memory samples: nothing lost, nothing twice, reconnects that happened, and
    /// memory that stayed flat. Prints one line each; false when any scenario broke one of these.
    /// </summary>
    public static bool PrintResilience(RunResults results, bool soak)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = true;
        foreach (var r in results.Scenarios.Where(s => ScenarioStatus.IsOk(s) && (s.DropEveryMs > 0 || s.ServerMemorySamples.Count > 0)))
        {
            var problems = new List<string>();
            if (r.EventsLost != 0)
            {
                problems.Add($"{r.EventsLost} lost");
            }

            if (r.Duplicates != 0)
            {
                problems.Add($"{r.Duplicates} duplicates");
            }

            if (r.DropEveryMs > 0 && r.Reconnects == 0)
            {
                problems.Add("no reconnect although connections were dropped");
            }

            if (r.ServerMemoryGrowthPercent > MaxMemoryGrowthPercent)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"server memory grew {r.ServerMemoryGrowthPercent:0.#}% (limit {MaxMemoryGrowthPercent}%)"));
            }

            var memory = r.ServerMemorySamples.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $", server memory by minute {string.Join(" ", r.ServerMemorySamples.Select(m => $"{m.WorkingSetBytes / (1024.0 * 1024):0}"))} MiB ({r.ServerMemoryGrowthPercent?.ToString("+0.#;-0.#", CultureInfo.InvariantCulture) ?? "n/a"}% second to last)")
                : "";
            var line = $"{r.Name}: lost {r.EventsLost}, duplicates {r.Duplicates}, reconnects {r.Reconnects}{memory}";
            if (problems.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[green]resilience ok[/] {line}");
            }
            else
            {
                ok = false;
                AnsiConsole.MarkupLineInterpolated($"[red]resilience FAILED[/] {line}: {string.Join("; ", problems)}");
            }
        }

        if (soak && results.Scenarios.Any(ScenarioStatus.IsOk))
        {
            AnsiConsole.MarkupLine(ok ? "[green]soak: passed[/]" : "[red]soak: FAILED[/]");
        }

        return ok;
    }

    /// <summary>What a capacity search found, one row per transport and setting.</summary>
    public static void PrintCapacity(CapacityReport? capacity)
    {
        if (capacity is null || capacity.Searches.Count == 0)
        {
            return;
        }

        var table = new Table
        {
            Title = new TableTitle(string.Create(CultureInfo.InvariantCulture, $"Capacity at p99 <= {capacity.P99BoundMs:0.###} ms, nothing lost")),
            Border = TableBorder.Rounded,
        };
        table.AddColumns("transport", "search", "max", "events/s delivered", "confirmed", "limited by", "steps");
        foreach (var search in capacity.Searches)
        {
            table.AddRow(
                search.Transport,
                search.Dimension,
                search.Max?.ToString("#,0.###", CultureInfo.InvariantCulture) ?? "none",
                search.DeliveredEventsPerSecond?.ToString("#,0", CultureInfo.InvariantCulture) ?? "n/a",
                search.Confirmed ? "yes" : "no",
                Markup.Escape(search.LimitedBy == "ceiling" ? $"ceiling: {search.CeilingReason}" : search.LimitedBy),
                search.Steps.Count.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
