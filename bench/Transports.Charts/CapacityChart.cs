using System.Globalization;
using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// capacity.svg, a talk slide: how far each transport goes on this machine at the latency bound with nothing lost. A
/// clients search gives two panels (the most clients, and the events per second they received together); a rate search
/// one (the highest publish rate). Solid bars were confirmed by a repeat; lighter ones were not (time ran out, or the
/// repeat failed and nothing below was confirmed). "≥" marks a value at the machine's ceiling: the true limit is higher.
/// </summary>
public static class CapacityChart
{
    public const string Id = "capacity";

    /// <summary>The chart, or null when the report holds no search.</summary>
    public static ChartModel? Build(CapacityReport? report)
    {
        if (report is null || report.Searches.Count == 0)
        {
            return null;
        }

        var panels = new List<ChartPanel>();
        var clients = Ordered(report.Searches.Where(s => s.Dimension == CapacitySearch.FindClients));
        if (clients.Count > 0)
        {
            panels.Add(Panel("Most clients", "clients", clients, s => s.MaxClients));
            panels.Add(Panel($"Events delivered per second at that ({Rates(clients)})", "events/s", clients, s => s.DeliveredEventsPerSecond));
        }

        var rates = Ordered(report.Searches.Where(s => s.Dimension == CapacitySearch.FindRate));
        if (rates.Count > 0)
        {
            var held = rates.Select(s => s.Clients).Distinct().ToList();
            var who = held.Count == 1 ? (held[0] == 1 ? "1 client" : $"{NumberText.Count(held[0])} clients") : "clients vary";
            panels.Add(Panel($"Highest publish rate ({who})", "events/s", rates, s => s.MaxEventsPerSecond));
        }

        var first = report.Searches[0];
        return new ChartModel
        {
            Id = Id,
            Title = string.Create(CultureInfo.InvariantCulture, $"Capacity at p99 ≤ {NumberText.Value(report.P99BoundMs)} ms with nothing lost"),
            Subtitle = ChartParts.Join(
                $"{NumberText.Count(first.PayloadBytes)} B payload",
                "measured on this machine, clients and server sharing it",
                report.Status == "complete" ? "" : $"search {report.Status}"),
            Panels = panels,
            Legend =
            [
                new LegendEntry("confirmed by a repeat", LegendSymbol.Box),
                new LegendEntry("not confirmed", LegendSymbol.Box, Fill: BarFill.Light),
            ],
        };
    }

    private static ChartPanel Panel(string title, string unit, IReadOnlyList<CapacitySearch> searches, Func<CapacitySearch, double?> read)
    {
        var groups = searches.Select(s =>
        {
            var value = read(s);
            var label = value is not { } v ? "none" : (s.LimitedBy == "ceiling" ? "≥ " : "") + NumberText.Value(v);
            return ChartParts.Group(s.Transport, new Bar(unit, value ?? 0, s.Transport, s.Confirmed ? BarFill.Solid : BarFill.Light, label));
        }).ToList();
        return new ChartPanel
        {
            Title = title,
            YAxis = ChartAxis.Fit(unit, groups.SelectMany(g => g.Bars).Select(b => b.Value)),
            Groups = groups,
        };
    }

    private static string Rates(IReadOnlyList<CapacitySearch> searches)
    {
        var rates = searches.Select(s => s.RateHz).Distinct().ToList();
        return rates.Count == 1 ? $"{NumberText.Value(rates[0])} events/s each" : "rates vary";
    }

    private static List<CapacitySearch> Ordered(IEnumerable<CapacitySearch> searches) =>
        [.. searches.OrderBy(s => TransportIds.OrderOf(s.Transport))];
}
