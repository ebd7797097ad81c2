using System.Diagnostics;
using Transports.Contract;
using Transports.Results.Shards;

namespace Transports.Results.Tests;

/// <summary>
/// `results merge`: two client shards of one run made up in code, merged; counts add up, the server's figures are
/// counted once, percentiles come from every raw sample, and each client's losses are counted again.
/// </summary>
public sealed class ShardMergeTests
{
    private const string Name = "websocket/payload=16/rate=10/clients=3/poll=250ms/up=0";
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void CountsAddUpTheServersCountOnceAndPercentilesComeFromEverySample()
    {
        var (one, two) = Shards();

        var (merged, notes) = ResultsMerge.Merge([two, one], "results merge");

        var s = Assert.Single(merged.Scenarios);
        Assert.True(ScenarioStatus.IsOk(s), s.Error);
        Assert.Null(s.ClientShare);
        Assert.Equal(3, s.Clients);
        Assert.Equal(10, s.EventsPublished);
        Assert.Equal(30, s.EventsExpected);
        Assert.Equal(28, s.EventsDelivered);
        Assert.Equal(2, s.EventsLost);
        Assert.Equal(2000 + 1000, s.ClientBytesReceived);
        Assert.Equal(5000, s.ServerBytesOut);

        // (3000 received − 28 × 16 payload) / 28 events, rounded as the harness rounds.
        Assert.Equal(Math.Round((3000 - (28 * 16)) / 28.0, 3), s.OverheadBytesPerEventDown);
        Assert.Equal(Math.Round(((400 * 2) + (100 * 1)) / 3.0, 2), s.SetupBytes);

        // Every sample of the three clients together: 1..10, 11..18 and 21..30 ms.
        long[] all = [.. Enumerable.Range(1, 10), .. Enumerable.Range(11, 8), .. Enumerable.Range(21, 10)];
        var expected = LatencySummary.FromTicks([.. all.Select(ms => ms * Ms)], all.Sum() * Ms, 30 * Ms, 0);
        Assert.Equal(expected.P50, s.LatencyMs.P50);
        Assert.Equal(expected.P99, s.LatencyMs.P99);
        Assert.Equal(28, s.LatencyMs.Count);
        Assert.Equal(30, s.LatencyMs.Max);

        // Not the average of the shards' p50s (9.5 and 25.5 ms).
        Assert.NotEqual((one.Results.Scenarios[0].LatencyMs.P50 + two.Results.Scenarios[0].LatencyMs.P50) / 2, s.LatencyMs.P50);
        Assert.Equal(2, s.WindowLatencyP50Ms.Count);
        Assert.Contains(notes, n => n.Contains("1 of 3 clients lost events", StringComparison.Ordinal));
        Assert.Equal("complete", merged.Status);
    }

    [Fact]
    public void ShardsThatAreNotOneRunsSharesAreRefused()
    {
        var (one, _) = Shards();

        var error = Assert.Throws<InvalidDataException>(() => ResultsMerge.Merge([one, one], "results merge"));
        Assert.Contains("not shares 1..2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShardThatMeasuredAnotherWindowFailsTheScenario()
    {
        var (one, two) = Shards();
        var moved = two with { Samples = Samples(2, two.Samples.Scenarios[0] with { FirstSequence = 101, LastSequence = 111 }) };

        var (merged, notes) = ResultsMerge.Merge([one, moved], "results merge");

        Assert.Equal(ScenarioStatus.Failed, merged.Scenarios[0].Status);
        Assert.Contains("measured sequences", merged.Scenarios[0].Error, StringComparison.Ordinal);
        Assert.Single(notes);
        Assert.Equal([Name], merged.Missing);
    }

    [Fact]
    public void LossesTheSamplesDoNotBearOutFailTheScenario()
    {
        var (one, two) = Shards();
        var claimsNone = one with { Results = one.Results with { Scenarios = [one.Results.Scenarios[0] with { EventsLost = 0 }] } };

        var (merged, _) = ResultsMerge.Merge([claimsNone, two], "results merge");

        Assert.Equal(ScenarioStatus.Failed, merged.Scenarios[0].Status);
        Assert.Contains("disagree on events lost", merged.Scenarios[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMetricToRecomputeHasARule()
    {
        var missing = Metrics.All.Where(m => m.Reduce == MetricReduce.Recompute && !ResultsMerge.Recomputed.Contains(m.Name)).Select(m => m.Name).ToList();

        Assert.True(missing.Count == 0, $"results merge has no rule for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void SamplesRoundTripThroughSamplesBinAndATornLastRecordIsLeftOut()
    {
        var directory = Directory.CreateTempSubdirectory("transports-samples-").FullName;
        try
        {
            var (one, _) = Shards();
            var path = SampleFile.Create(directory, Stopwatch.Frequency, 1, 2);
            SampleFile.Append(path, one.Samples.Scenarios[0]);
            SampleFile.Append(path, one.Samples.Scenarios[0] with { Name = "second" });

            var read = SampleFile.Read(path);
            Assert.Equal((Stopwatch.Frequency, 1, 2), (read.Frequency, read.Share, read.Shares));
            Assert.Equal([Name, "second"], read.Scenarios.Select(s => s.Name));
            var client = read.Scenarios[0].Clients[1];
            var written = one.Samples.Scenarios[0].Clients[1];
            Assert.Equal(written.LatencyTicks, client.LatencyTicks);
            Assert.Equal(written.Delivered, client.Delivered);
            Assert.Equal(written.WindowMarks, client.WindowMarks);
            Assert.Equal((written.SumTicks, written.MaxTicks), (client.SumTicks, client.MaxTicks));

            using (var file = new FileStream(path, FileMode.Open))
            {
                file.SetLength(file.Length - 3);
            }

            Assert.Equal([Name], SampleFile.Read(path).Scenarios.Select(s => s.Name));

            File.WriteAllText(path, "not samples at all");
            Assert.Throws<InvalidDataException>(() => SampleFile.Read(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Share 1: two clients, one with every event (1..10 ms), one missing offsets 3 and 4 (11..18 ms); share 2: one
    /// client with every event (21..30 ms). Published range (100, 110]. Each shard read the server's 5000 bytes out.
    /// </summary>
    private static (ResultsMerge.Shard One, ResultsMerge.Shard Two) Shards()
    {
        ClientSamples Client(int fromMs, int count, (long, long)[] delivered) => new()
        {
            LatencyTicks = [.. Enumerable.Range(fromMs, count).Select(ms => ms * Ms)],
            SumTicks = Enumerable.Range(fromMs, count).Sum() * Ms,
            MaxTicks = (fromMs + count - 1) * Ms,
            WindowMarks = [count / 2, count],
            Delivered = delivered,
        };

        var first = new ScenarioSamples(Name, 100, 110, [Client(1, 10, [(0, 10)]), Client(11, 8, [(0, 3), (5, 5)])]);
        var second = new ScenarioSamples(Name, 100, 110, [Client(21, 10, [(0, 10)])]);
        ScenarioResult Part(string share, int clients, long delivered, long received, double setup, double p50) => new()
        {
            Name = Name,
            Transport = TransportIds.WebSocket,
            PayloadBytes = 16,
            RateHz = 10,
            Clients = 3,
            PollIntervalMs = 250,
            DurationSeconds = 1,
            ClientShare = share,
            EventsPublished = 10,
            EventsExpected = 10 * clients,
            EventsDelivered = delivered,
            EventsLost = (10 * clients) - delivered,
            ClientBytesReceived = received,
            PayloadBytesDelivered = delivered * 16,
            ServerBytesOut = 5000,
            SetupBytes = setup,
            LatencyMs = new LatencySummary { Count = delivered, P50 = p50 },
        };

        return (
            Shard(1, Part("1/2", 2, 18, 2000, 400, 9.5), first),
            Shard(2, Part("2/2", 1, 10, 1000, 100, 25.5), second));
    }

    private static ResultsMerge.Shard Shard(int share, ScenarioResult result, ScenarioSamples samples) =>
        new($"shard{share}", SyntheticRuns.Run() with { Scenarios = [result] }, Samples(share, samples));

    private static SampleFile Samples(int share, ScenarioSamples samples) => new(Stopwatch.Frequency, share, 2, [samples]);
}
