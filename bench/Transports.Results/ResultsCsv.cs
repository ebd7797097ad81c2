using System.Globalization;
using System.Text;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// Writes results.csv: a header row, then one row per scenario. Column names are the results.json keys
/// (nested objects flattened with a dot, e.g. <c>latencyMs.p50</c>), so a spreadsheet and a script reading
/// the JSON speak of the same thing. Numbers are invariant-culture and round-trip; fields are quoted per
/// RFC 4180 and rows end with CRLF.
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
        // Names come from the property names through the JSON naming policy, so a rename keeps the CSV and
        // results.json in step.
        var columns = new List<CsvColumn>();
        void Add(string property, Func<ScenarioResult, string> value) => columns.Add(new CsvColumn(Key(property), value));

        Add(nameof(ScenarioResult.Name), s => s.Name);
        Add(nameof(ScenarioResult.Transport), s => s.Transport);
        Add(nameof(ScenarioResult.PayloadBytes), s => Number(s.PayloadBytes));
        Add(nameof(ScenarioResult.RateHz), s => Number(s.RateHz));
        Add(nameof(ScenarioResult.Clients), s => Number(s.Clients));
        Add(nameof(ScenarioResult.PollIntervalMs), s => Number(s.PollIntervalMs));
        Add(nameof(ScenarioResult.UpstreamRateHz), s => Number(s.UpstreamRateHz));
        Add(nameof(ScenarioResult.DurationSeconds), s => Number(s.DurationSeconds));
        Add(nameof(ScenarioResult.Status), s => s.Status);
        Add(nameof(ScenarioResult.Error), s => s.Error ?? "");
        Add(nameof(ScenarioResult.WindowClean), s => s.WindowClean ? "true" : "false");
        Add(nameof(ScenarioResult.EventsPublished), s => Number(s.EventsPublished));
        Add(nameof(ScenarioResult.EventsExpected), s => Number(s.EventsExpected));
        Add(nameof(ScenarioResult.EventsDelivered), s => Number(s.EventsDelivered));
        Add(nameof(ScenarioResult.EventsLost), s => Number(s.EventsLost));
        Add(nameof(ScenarioResult.Duplicates), s => Number(s.Duplicates));
        Add(nameof(ScenarioResult.OutOfOrder), s => Number(s.OutOfOrder));
        Add(nameof(ScenarioResult.HttpRequests), s => Number(s.HttpRequests));
        Add(nameof(ScenarioResult.ConnectionsOpened), s => Number(s.ConnectionsOpened));
        Add(nameof(ScenarioResult.RequestsPerEvent), s => Number(s.RequestsPerEvent));
        Add(nameof(ScenarioResult.ServerHttpRequests), s => Number(s.ServerHttpRequests));
        Add(nameof(ScenarioResult.ServerConnectionsOpened), s => Number(s.ServerConnectionsOpened));
        Add(nameof(ScenarioResult.Reconnects), s => Number(s.Reconnects));
        Add(nameof(ScenarioResult.Errors), s => Number(s.Errors));
        Add(nameof(ScenarioResult.SetupBytes), s => Number(s.SetupBytes));
        Add(nameof(ScenarioResult.ClientBytesSent), s => Number(s.ClientBytesSent));
        Add(nameof(ScenarioResult.ClientBytesReceived), s => Number(s.ClientBytesReceived));
        Add(nameof(ScenarioResult.ServerBytesIn), s => Number(s.ServerBytesIn));
        Add(nameof(ScenarioResult.ServerBytesOut), s => Number(s.ServerBytesOut));
        Add(nameof(ScenarioResult.PayloadBytesDelivered), s => Number(s.PayloadBytesDelivered));
        Add(nameof(ScenarioResult.PayloadBytesSent), s => Number(s.PayloadBytesSent));
        Add(nameof(ScenarioResult.OverheadBytesPerEvent), s => Number(s.OverheadBytesPerEvent));
        Add(nameof(ScenarioResult.OverheadBytesPerEventDown), s => Number(s.OverheadBytesPerEventDown));
        Add(nameof(ScenarioResult.OverheadBytesPerEventUp), s => Number(s.OverheadBytesPerEventUp));
        Add(nameof(ScenarioResult.OverheadBytesPerClientSecond), s => Number(s.OverheadBytesPerClientSecond));
        AddLatency(columns, nameof(ScenarioResult.LatencyMs), s => s.LatencyMs);

        // One cell for the per-window list: the column set must not depend on the window count.
        Add(nameof(ScenarioResult.WindowLatencyP50Ms), s => string.Join(';', s.WindowLatencyP50Ms.Select(Number)));
        Add(nameof(ScenarioResult.UpstreamSent), s => Number(s.UpstreamSent));
        Add(nameof(ScenarioResult.UpstreamReceived), s => Number(s.UpstreamReceived));
        AddLatency(columns, nameof(ScenarioResult.UpstreamLatencyMs), s => s.UpstreamLatencyMs);
        Add(nameof(ScenarioResult.ServerCpuMsPerEvent), s => Number(s.ServerCpuMsPerEvent));
        Add(nameof(ScenarioResult.ServerAllocatedBytesPerEvent), s => Number(s.ServerAllocatedBytesPerEvent));
        return columns;
    }

    /// <summary>The summary's scalars; the CDF stays in results.json, it is a series, not a cell.</summary>
    private static void AddLatency(List<CsvColumn> columns, string property, Func<ScenarioResult, LatencySummary?> read)
    {
        void Add(string field, Func<LatencySummary, string> value) =>
            columns.Add(new CsvColumn(Key(property) + "." + Key(field), s => read(s) is { } summary ? value(summary) : ""));

        Add(nameof(LatencySummary.Count), l => Number(l.Count));
        Add(nameof(LatencySummary.Mean), l => Number(l.Mean));
        Add(nameof(LatencySummary.P50), l => Number(l.P50));
        Add(nameof(LatencySummary.P90), l => Number(l.P90));
        Add(nameof(LatencySummary.P99), l => Number(l.P99));
        Add(nameof(LatencySummary.P999), l => Number(l.P999));
        Add(nameof(LatencySummary.Max), l => Number(l.Max));
    }

    private static string Key(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Shortest round-trip form; NaN and infinities as .NET and results.json spell them.
    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
