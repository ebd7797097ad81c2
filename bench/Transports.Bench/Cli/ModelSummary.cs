using System.Globalization;
using Spectre.Console;
using Transports.Results;

namespace Transports.Bench.Cli;

/// <summary>
/// After a run over an emulated path: RFC 6202's figures (<see cref="Rfc6202Model"/>) beside the measured ones, with
/// how late the machine ran the emulator's timers, so a reader can tell the model's delay from the machine's.
/// </summary>
public static class ModelSummary
{
    public static void Print(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = Rows(results);
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle("RFC 6202 model vs measured (one transit = half the RTT + serialization)"), Border = TableBorder.Rounded };
        table.AddColumns("scenario", "figure", "model says");
        foreach (var heading in new[] { "model (ms)", "measured (ms)", "measured/model", "emulator late, mean/max (ms)" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]The model is the expectation on an idle path; lateness is delay this machine's timers added on top of the emulated path (not the model's).[/]");
    }

    /// <summary>One row per figure the model names, for every successful scenario that crossed an emulated path with a delay.</summary>
    public static IReadOnlyList<string[]> Rows(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<string[]>();
        foreach (var scenario in results.Scenarios.Where(s => ScenarioStatus.IsOk(s) && s.RttMs > 0))
        {
            var late = scenario.Relay is { } relay ? $"{Ms(relay.MeanLatenessMs)} / {Ms(relay.PeakLatenessMs)}" : "";
            foreach (var check in Rfc6202Model.Checks(scenario))
            {
                rows.Add([scenario.Name, check.Statistic, check.Rule, Ms(check.ModelMs), Ms(check.MeasuredMs), check.Ratio.ToString("0.00", CultureInfo.InvariantCulture), late]);
            }
        }

        return rows;
    }

    private static string Ms(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
