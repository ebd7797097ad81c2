using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Contract;

namespace Transports.Results.Shards;

/// <summary>
/// Combines the folders of a run's client shards (`run --client-share K/N` on N hosts) into one run, scenario by
/// scenario, by each metric's <see cref="MetricReduce"/>: counts the clients made add up; what the server or the
/// feed counted once is the coordinating shard's (share 1); the worst part where that is the rule; and ratios and
/// percentiles are computed again from the combined counts and from every raw sample (samples.bin), never
/// averaged. Each client's losses are counted again from its delivered sequences and must agree with the shard's
/// results.json. A scenario some shard failed, lacks, or measured over another published range fails, with why.
/// </summary>
public static class ResultsMerge
{
    public sealed record Shard(string Directory, RunResults Results, SampleFile Samples);

    /// <summary>The merged run, and what a reader should know (clients that lost events, scenarios that failed to merge).</summary>
    public sealed record Outcome(RunResults Results, IReadOnlyList<string> Notes);

    /// <summary>The metrics of <see cref="MetricReduce.Recompute"/> this merge computes again (a test holds every such metric to a rule here).</summary>
    public static IReadOnlySet<string> Recomputed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "overheadBytesPerEvent", "overheadBytesPerEventDown", "overheadBytesPerEventUp", "overheadBytesPerClientSecond",
        "requestsPerEvent", "overheadBytesPerRequest", "headerBytesPerRequest", "headerTextBytesPerRequest", "packetsPerEvent", "ipBytesPerEvent", "setupBytes", "serverCpuMsPerEvent", "serverAllocatedBytesPerEvent",
        "latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max", "latencyMs.mean",

        // The server measures upstream latency over every shard's messages: the coordinator's reading is all of it.
        "upstreamLatencyMs.p50", "upstreamLatencyMs.p90", "upstreamLatencyMs.p99", "upstreamLatencyMs.p999", "upstreamLatencyMs.max", "upstreamLatencyMs.mean",
    };

    /// <summary>Reads a shard's folder: results.json and samples.bin.</summary>
    public static Shard Read(string directory)
    {
        var results = ResultsJson.Read(Path.Combine(directory, "results.json"));
        return new Shard(directory, results, SampleFile.Read(Path.Combine(directory, SampleFile.FileName)));
    }

    public static Outcome Merge(IReadOnlyList<Shard> shards, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var ordered = Validate(shards);
        var notes = new List<string>();
        var lead = ordered[0];
        var scenarios = new List<ScenarioResult>();
        foreach (var name in lead.Results.Scenarios.Select(s => s.Name))
        {
            var merged = MergeScenario(name, ordered, notes);
            scenarios.Add(merged);
        }

        var planned = ordered.SelectMany(s => s.Results.Scenarios.Select(r => r.Name).Concat(s.Results.Missing)).Distinct(StringComparer.Ordinal);
        var done = scenarios.Where(ScenarioStatus.IsOk).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var results = new RunResults
        {
            Environment = lead.Results.Environment with
            {
                MachineName = string.Join(", ", ordered.Select(s => s.Results.Environment.MachineName).Distinct(StringComparer.Ordinal)),
                CommandLine = commandLine,
                FinishedUtc = ordered.Max(s => s.Results.Environment.FinishedUtc),
            },
            Settings = lead.Results.Settings,
            Scenarios = scenarios,
            Missing = [.. planned.Where(n => !done.Contains(n))],
            Status = ordered.All(s => s.Results.Status == "complete") ? "complete" : "interrupted",
        };
        return new Outcome(results, notes);
    }

    /// <summary>The shards in share order; <see cref="InvalidDataException"/> unless they are shares 1..N of one N.</summary>
    private static List<Shard> Validate(IReadOnlyList<Shard> shards)
    {
        if (shards.Count == 0)
        {
            throw new InvalidDataException("no shards to merge");
        }

        var shares = shards[0].Samples.Shares;
        var ordered = shards.OrderBy(s => s.Samples.Share).ToList();
        if (shards.Any(s => s.Samples.Shares != shares) || !ordered.Select(s => s.Samples.Share).SequenceEqual(Enumerable.Range(1, shares)))
        {
            var found = string.Join(", ", shards.Select(s => $"{s.Samples.Share}/{s.Samples.Shares} ({s.Directory})"));
            throw new InvalidDataException($"the folders are not shares 1..{shares} of one run: {found}");
        }

        return ordered;
    }

    private static ScenarioResult MergeScenario(string name, List<Shard> shards, List<string> notes)
    {
        var parts = shards.Select(s => s.Results.Scenarios.LastOrDefault(r => r.Name == name)).ToList();
        var samples = shards.Select(s => s.Samples.Scenarios.LastOrDefault(r => r.Name == name)).ToList();
        var lead = parts[0]!;
        for (var i = 0; i < shards.Count; i++)
        {
            var why = parts[i] is not { } part ? "no result"
                : !ScenarioStatus.IsOk(part) ? $"failed: {part.Error}"
                : samples[i] is null ? "no samples"
                : samples[i]!.FirstSequence != samples[0]?.FirstSequence || samples[i]!.LastSequence != samples[0]?.LastSequence
                    ? $"measured sequences ({samples[i]!.FirstSequence}, {samples[i]!.LastSequence}], share 1 ({samples[0]?.FirstSequence}, {samples[0]?.LastSequence}]"
                : null;
            if (why is not null)
            {
                notes.Add($"{name}: share {i + 1}: {why}");
                return lead with { Status = ScenarioStatus.Failed, Error = $"cannot merge: share {i + 1} {why}", ClientShare = null };
            }
        }

        var counted = Reduce(parts!);
        var windows = samples.Select((s, i) => (Samples: s!, Frequency: shards[i].Samples.Frequency)).ToList();
        var clients = windows.SelectMany(w => w.Samples.Clients.Select(c => (Client: c, w.Frequency))).ToList();
        var published = windows[0].Samples.Published;
        var lostPerClient = clients.Select(c => published - c.Client.DeliveredCount).ToList();
        if (lostPerClient.Sum() != counted.EventsLost)
        {
            notes.Add($"{name}: the samples count {lostPerClient.Sum()} events lost, the shards' results {counted.EventsLost}");
            return lead with { Status = ScenarioStatus.Failed, Error = "cannot merge: samples.bin and results.json disagree on events lost", ClientShare = null };
        }

        if (lostPerClient.Count(l => l > 0) is > 0 and var losing)
        {
            notes.Add($"{name}: {losing} of {clients.Count} clients lost events (most: {lostPerClient.Max()} of {published})");
        }

        var ticks = clients.Select(c => (Ticks: Local(c.Client.LatencyTicks, c.Frequency), c.Client.WindowMarks)).ToList();
        var delivered = counted.EventsDelivered;
        // Shards run .NET clients only (`run` refuses --client-share with chromium), whose counts are never absent.
        var received = counted.ClientBytesReceived ?? 0;
        var sent = counted.ClientBytesSent ?? 0;
        var down = Ratio(received - counted.PayloadBytesDelivered, delivered);
        var up = Ratio(sent - counted.PayloadBytesSent, delivered);
        var shardClients = windows.Select(w => w.Samples.Clients.Count).ToList();
        return counted with
        {
            ClientShare = null,
            WindowClean = parts.All(p => p!.WindowClean),
            OverheadBytesPerEvent = Math.Round(down + up, 3),
            OverheadBytesPerEventDown = Math.Round(down, 3),
            OverheadBytesPerEventUp = Math.Round(up, 3),
            OverheadBytesPerClientSecond = Math.Round(Ratio(sent + received - counted.PayloadBytesDelivered - counted.PayloadBytesSent, counted.Clients * counted.DurationSeconds), 3),
            RequestsPerEvent = Ratio(counted.HttpRequests ?? 0, delivered),
            OverheadBytesPerRequest = counted.HttpRequests is > 0 and var requests
                ? Math.Round(Ratio(sent + received - counted.PayloadBytesDelivered - counted.PayloadBytesSent, requests), 3)
                : null,
            HeaderBytesPerRequest = counted.ClientHeaderBytes is { } headBytes && counted.HttpRequests is > 0 and var headRequests ? Math.Round(Ratio(headBytes, headRequests), 3) : null,
            HeaderTextBytesPerRequest = counted.ClientHeaderTextBytes is { } headText && counted.HttpRequests is > 0 and var textRequests ? Math.Round(Ratio(headText, textRequests), 3) : null,
            PacketsPerEvent = counted.ClientPackets is { } packets ? Math.Round(Ratio(packets, delivered), 3) : null,
            IpBytesPerEvent = counted.ClientIpBytes is { } ipBytes ? Math.Round(Ratio(ipBytes, delivered), 3) : null,
            SetupBytes = Math.Round(Ratio(parts.Select((p, i) => p!.SetupBytes * shardClients[i]).Sum(), shardClients.Sum()), 2),

            // Server figures over every shard's deliveries: the coordinator's per-event figure times its own deliveries.
            ServerCpuMsPerEvent = Math.Round(Ratio(lead.ServerCpuMsPerEvent * lead.EventsDelivered, delivered), 5),
            ServerAllocatedBytesPerEvent = Math.Round(Ratio(lead.ServerAllocatedBytesPerEvent * lead.EventsDelivered, delivered), 1),
            UpstreamLatencyMs = lead.UpstreamLatencyMs,
            LatencyMs = LatencySummary.FromTicks(
                [.. ticks.SelectMany(t => t.Ticks)],
                clients.Sum(c => Local(c.Client.SumTicks, c.Frequency)),
                clients.Count == 0 ? 0 : clients.Max(c => Local(c.Client.MaxTicks, c.Frequency)),
                clients.Sum(c => c.Client.Overflow)),
            WindowLatencyP50Ms = WindowLatency.P50s(ticks),
        };
    }

    /// <summary>The metrics that add up, the worst, or the first, by <see cref="Metric.Reduce"/>, through the results.json contract.</summary>
    private static ScenarioResult Reduce(IReadOnlyList<ScenarioResult> parts)
    {
        var nodes = parts.Select(p => JsonSerializer.SerializeToNode(p, ResultsJson.Options)!.AsObject()).ToList();
        var merged = nodes[0].DeepClone().AsObject();
        foreach (var metric in Metrics.All.Where(m => m.Reduce is MetricReduce.Sum or MetricReduce.Max))
        {
            var values = nodes.Select(n => Find(n, metric.Name)).OfType<JsonValue>().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            JsonNode combined = values.All(v => v.TryGetValue<long>(out _))
                ? JsonValue.Create(metric.Reduce == MetricReduce.Sum ? values.Sum(v => v.GetValue<long>()) : values.Max(v => v.GetValue<long>()))
                : JsonValue.Create(metric.Reduce == MetricReduce.Sum ? values.Sum(v => v.GetValue<double>()) : values.Max(v => v.GetValue<double>()));
            Set(merged, metric.Name, combined);
        }

        return merged.Deserialize<ScenarioResult>(ResultsJson.Options)!;
    }

    /// <summary>The node at a dotted metric name ("latencyMs.count"), or null.</summary>
    private static JsonNode? Find(JsonObject node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
        }

        return current;
    }

    private static void Set(JsonObject node, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var parent = node;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] as JsonObject ?? throw new InvalidDataException($"no '{part}' object on the way to {path}");
        }

        parent[parts[^1]] = value;
    }

    /// <summary>Ticks of a host counting at <paramref name="frequency"/> as this host's Stopwatch ticks.</summary>
    private static long Local(long ticks, long frequency) =>
        frequency == Stopwatch.Frequency ? ticks : (long)((Int128)ticks * Stopwatch.Frequency / frequency);

    private static long[] Local(long[] ticks, long frequency) =>
        frequency == Stopwatch.Frequency ? ticks : [.. ticks.Select(t => Local(t, frequency))];

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
