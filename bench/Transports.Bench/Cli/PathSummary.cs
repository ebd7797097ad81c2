using System.Globalization;
using Spectre.Console;
using Transports.Results;

namespace Transports.Bench.Cli;

/// <summary>
/// After a run over an emulated path: RFC 6202's figures (<see cref="Rfc6202Model"/>) beside the measured ones, with
/// how late the machine ran the emulator's timers, so a reader can tell the model's delay from the machine's; and,
/// where the path had a bandwidth limit, what got through in the window and what queued (never dropped).
/// </summary>
public static class PathSummary
{
    public static void Print(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        PrintModel(results);
        PrintQueues(results);
    }

    private static void PrintQueues(RunResults results)
    {
        var limited = results.Scenarios.Where(s => ScenarioStatus.IsOk(s) && s.BandwidthBitsPerSecond > 0 && s.Relay is not null).ToList();
        if (limited.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle("Bandwidth-limited paths: what got through in the window, and what queued"), Border = TableBorder.Rounded };
        table.AddColumn("scenario");
        foreach (var heading in new[] { "events/s delivered", "queued at window end", "lost", "peak queue (B)", "queueing delay mean/max (ms)", "emulator late, mean/max (ms)" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var s in limited)
        {
            var relay = s.Relay!;
            table.AddRow(Markup.Escape(s.Name), Ms(s.ThroughputEventsPerSecond), Count(s.EventsQueuedAtWindowEnd), Count(s.EventsLost), Count(relay.PeakQueuedBytesDown),
                $"{Ms(relay.MeanQueueingDelayMsDown)} / {Ms(relay.PeakQueueingDelayMsDown)}", $"{Ms(relay.MeanLatenessMs)} / {Ms(relay.PeakLatenessMs)}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]Events a slow link cannot carry in time queue on the path and arrive in the drain (counted lost only if they never do).[/]");
    }

    private static void PrintModel(RunResults results)
    {
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

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
