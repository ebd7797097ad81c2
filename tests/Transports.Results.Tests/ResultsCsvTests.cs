using System.Text.Json;
using Transports.Contract;

namespace Transports.Results.Tests;

public sealed class ResultsCsvTests
{
    [Fact]
    public void EveryRowHasTheHeaderColumnCount()
    {
        var run = SyntheticRuns.Run();

        var records = CsvRecords.Parse(ResultsCsv.Format(run));

        Assert.Equal(run.Scenarios.Count + 1, records.Count);
        Assert.Equal(ResultsCsv.Columns, records[0]);
        Assert.All(records, r => Assert.Equal(ResultsCsv.Columns.Count, r.Count));
    }

    [Fact]
    public void FieldsWithCommasQuotesAndLineBreaksRoundTrip()
    {
        const string error = "connect failed, \"refused\"\r\nat line 2\nand 3";
        var run = SyntheticRuns.Run(s => s.Transport == TransportIds.Sse && s.PayloadBytes == 16
            ? s with { Status = ScenarioStatus.Failed, Error = error }
            : s);

        var records = CsvRecords.Parse(ResultsCsv.Format(run));

        var errorColumn = records[0].IndexOf("error");
        var statusColumn = records[0].IndexOf("status");
        var failed = Assert.Single(records.Skip(1), r => r[statusColumn] == ScenarioStatus.Failed);
        Assert.Equal(error, failed[errorColumn]);
        Assert.Equal(ResultsCsv.Columns.Count, failed.Count);
    }

    [Fact]
    public void QuotesOnlyWhenNeeded()
    {
        Assert.Equal("plain", ResultsCsv.Quote("plain"));
        Assert.Equal("\"a,b\"", ResultsCsv.Quote("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", ResultsCsv.Quote("say \"hi\""));
        Assert.Equal("\"two\nlines\"", ResultsCsv.Quote("two\nlines"));
    }

    [Fact]
    public void NumbersAreInvariantAndRoundTrip()
    {
        var run = SyntheticRuns.Run(s => s with { RequestsPerEvent = 0.1 + 0.2, OverheadBytesPerEvent = 1234.5 });

        var records = CsvRecords.Parse(ResultsCsv.Format(run));

        var row = records[1];
        Assert.Equal(0.1 + 0.2, double.Parse(row[records[0].IndexOf("requestsPerEvent")], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1234.5", row[records[0].IndexOf("overheadBytesPerEvent")]);
        Assert.Equal("0.9;0.95;1;1.05;1.1", records.Skip(1).Single(r => r[1] == TransportIds.Sse && r[2] == "16")[records[0].IndexOf("windowLatencyP50Ms")]);
    }

    [Fact]
    public void ColumnsAreResultsJsonKeys()
    {
        var scenario = SyntheticRuns.Scenario(TransportIds.WebSocket, 16) with
        {
            Error = "x",
            UpstreamLatencyMs = new LatencySummary { Count = 1, P50 = 1 },
            OverheadBytesPerRequest = 1,
            HeaderBytesPerRequest = 1,
            HeaderTextBytesPerRequest = 1,
            ClientHeaderBytes = 1,
            ClientHeaderTextBytes = 1,
            AfterDropLatencyMs = new LatencySummary { Count = 1, P50 = 1 },
            ServerMemoryBytesPerConnection = 1,
            ServerHeapBytesPerConnection = 1,
            ServerMemoryGrowthPercent = 1,
            Seeds = new ScenarioSeeds(1, 2, 3),
            Relay = new RelayFigures(),
            ClientShare = "1/2",
            ClockOffsetMs = 0.01,
            ClockOffsetUncertaintyMs = 0.1,
            PageClockUncertaintyMs = 0.2,
            HttpRequests = 1,
            ConnectionsOpened = 1,
            ClientBytesSent = 1,
            ClientBytesReceived = 1,
            NegotiatedTransport = "websockets",
            TimeToFirstEventMs = 1,
        };
        var json = JsonSerializer.SerializeToElement(scenario, ResultsJson.Options);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                keys.UnionWith(property.Value.EnumerateObject().Select(inner => $"{property.Name}.{inner.Name}"));
            }
            else
            {
                keys.Add(property.Name);
            }
        }

        Assert.All(ResultsCsv.Columns, column => Assert.Contains(column, keys));
        Assert.Contains("latencyMs.p50", ResultsCsv.Columns);
        Assert.Contains("upstreamLatencyMs.p99", ResultsCsv.Columns);

        // Everything in the JSON is in the CSV except the series: CDFs and memory samples.
        Assert.DoesNotContain(keys.Except(ResultsCsv.Columns), k => !k.EndsWith(".cdf", StringComparison.Ordinal) && k != "serverMemorySamples");
    }

    [Fact]
    public void UpstreamColumnsAreEmptyWithoutUpstream()
    {
        var records = CsvRecords.Parse(ResultsCsv.Format(SyntheticRuns.Run()));

        Assert.Equal("", records[1][records[0].IndexOf("upstreamLatencyMs.p50")]);
    }
}
