using Transports.Contract;
using Transports.Results;
using Transports.Results.Shards;

namespace Transports.Bench.Harness;

/// <summary>Turns counters into a scenario's figures. Every figure is a count or a ratio of counts.</summary>
public static class ScenarioResults
{
    public static ScenarioResult Build(ScenarioMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var s = m.Scenario;
        var published = m.LastSequence - m.FirstSequence;
        var delivered = m.Recorders.Sum(r => r.Delivered);
        var deliveredInRange = m.Recorders.Sum(r => r.DeliveredUpTo(m.LastSequence));
        var payloadReceived = m.Recorders.Sum(r => r.PayloadBytes);
        var server = m.ServerEnd.Wire - m.ServerStart.Wire;

        // Browser clients count nothing at their own sockets: their bytes and requests are the server's counts, where
        // their connections enter the suite (nothing else crosses the server's ports in the window).
        var clients = m.ClientsCountBytes ? m.ClientWire : new WireSnapshot(server.BytesOut, server.BytesIn, server.Connections, server.Requests);
        long? Own(long value) => m.ClientsCountBytes ? value : null;
        var down = Ratio(clients.BytesIn - payloadReceived, delivered);
        var up = Ratio(clients.BytesOut - m.Upstream.PayloadBytes, delivered);
        var seconds = s.Duration.TotalSeconds;

        // Heads are split at the clients' own sockets, where the bytes are HTTP/1.1 text, in a window with requests.
        var heads = m.ClientsCountBytes && m.ClientHeadsSplit && m.ClientWire.Requests > 0 && m.ClientWire.HeadLosses == 0;

        // Delivered before the window's last mark: what the path carried in the window (a slow link delivers the rest in the drain).
        var inWindow = m.Recorders.Sum(r => r.WindowMarks.Count > 0 ? (long)r.WindowMarks[^1] : r.Delivered);
        return Identity(s) with
        {
            WindowClean = m.WindowClean,
            EventsPublished = published,
            EventsExpected = published * s.Clients,
            EventsDelivered = delivered,
            EventsLost = (published * s.Clients) - deliveredInRange,
            Duplicates = m.Recorders.Sum(r => r.Duplicates),
            OutOfOrder = m.Recorders.Sum(r => r.OutOfOrder),
            HttpRequests = Own(m.ClientWire.Requests),
            ConnectionsOpened = Own(m.ClientWire.Connections),
            RequestsPerEvent = Ratio(clients.Requests, delivered),
            ServerHttpRequests = server.Requests,
            ServerConnectionsOpened = server.Connections,
            Reconnects = m.Reconnects,
            Errors = m.Errors + (m.ServerEnd.Rejected - m.ServerStart.Rejected),
            SetupBytes = Math.Round(m.SetupBytesPerClient, 2),
            ClientBytesSent = Own(m.ClientWire.BytesOut),
            ClientBytesReceived = Own(m.ClientWire.BytesIn),
            ServerBytesIn = server.BytesIn,
            ServerBytesOut = server.BytesOut,
            PayloadBytesDelivered = payloadReceived,
            PayloadBytesSent = m.Upstream.PayloadBytes,
            OverheadBytesPerEvent = Round(down + up),
            OverheadBytesPerEventDown = Round(down),
            OverheadBytesPerEventUp = Round(up),
            OverheadBytesPerClientSecond = Round(Ratio(clients.Bytes - payloadReceived - m.Upstream.PayloadBytes, s.Clients * seconds)),
            OverheadBytesPerRequest = clients.Requests > 0 ? Round(Ratio(clients.Bytes - payloadReceived - m.Upstream.PayloadBytes, clients.Requests)) : null,
            ClientHeaderBytes = heads ? m.ClientWire.HeadBytes : null,
            ClientHeaderTextBytes = heads ? m.ClientWire.HeadTextBytes : null,
            HeaderBytesPerRequest = heads ? Round(Ratio(m.ClientWire.HeadBytes, m.ClientWire.Requests)) : null,
            HeaderTextBytesPerRequest = heads ? Round(Ratio(m.ClientWire.HeadTextBytes, m.ClientWire.Requests)) : null,
            ClientPackets = m.ClientTcp?.Segments,
            ClientIpBytes = m.ClientTcp?.IpBytes,
            PacketsPerEvent = m.ClientTcp is { } packets ? Round(Ratio(packets.Segments, delivered)) : null,
            IpBytesPerEvent = m.ClientTcp is { } ip ? Round(Ratio(ip.IpBytes, delivered)) : null,
            LatencyMs = LatencySamples.Summarize(m.Recorders.Select(r => r.Latency)),
            WindowLatencyP50Ms = WindowP50s(m.Recorders),
            UpstreamSent = m.Upstream.Messages,
            UpstreamReceived = m.UpstreamStats.Received,
            UpstreamLatencyMs = s.UpstreamRateHz > 0 ? m.UpstreamStats.LatencyMs with { Cdf = [] } : null,
            NegotiatedTransport = m.NegotiatedTransport,
            BridgeHopP50Ms = m.BridgeHop is { Count: > 0 } hop50 ? Math.Round(hop50.P50Ms, 4) : null,
            BridgeHopP99Ms = m.BridgeHop is { Count: > 0 } hop99 ? Math.Round(hop99.P99Ms, 4) : null,
            LibraryHeartbeatMs = NodeServers.Heartbeat(s)?.TotalMilliseconds,
            TimeToFirstEventMs = m.Recorders.Select(r => r.TimeToFirstEventMs).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(double.NaN).Average() is var first && !double.IsNaN(first) ? Math.Round(first, 3) : null,
            ClockOffsetMs = m.Clock is { } clock ? Math.Round(clock.OffsetMs, 4) : null,
            ClockOffsetUncertaintyMs = m.Clock is { } bound ? Math.Round(bound.UncertaintyMs, 4) : null,
            PageClockUncertaintyMs = m.PageClockUncertaintyMs is { } page ? Math.Round(page, 4) : null,
            ServerCpuMsPerEvent = Math.Round(Ratio(m.ServerEnd.CpuMs - m.ServerStart.CpuMs, delivered), 5),
            ServerAllocatedBytesPerEvent = Math.Round(Ratio(m.ServerEnd.AllocatedBytes - m.ServerStart.AllocatedBytes, delivered), 1),
            ServerMemoryBytesPerConnection = PerConnection(m.MemoryBefore, m.MemoryAfter, x => x.WorkingSetBytes),
            ServerHeapBytesPerConnection = PerConnection(m.MemoryBefore, m.MemoryAfter, x => x.ManagedHeapBytes),
            AfterDropLatencyMs = s.DropEvery > TimeSpan.Zero ? LatencySamples.Summarize(m.Recorders.Select(r => r.AfterDropLatency)) with { Cdf = [] } : null,
            ServerMemorySamples = [.. m.MemorySamples],
            ServerMemoryGrowthPercent = MemoryGrowth(m.MemorySamples),
            ThroughputEventsPerSecond = Round(Ratio(inWindow, seconds)),
            EventsQueuedAtWindowEnd = Math.Max(0, (published * s.Clients) - inWindow),
        };
    }

    /// <summary>(after − before) / connections opened between the two readings; null when none was opened.</summary>
    private static double? PerConnection(ServerMemory? before, ServerMemory? after, Func<ServerMemory, long> read) =>
        before is null || after is null || after.Connections <= before.Connections
            ? null
            : Math.Round((double)(read(after) - read(before)) / (after.Connections - before.Connections), 0);

    /// <summary>Working-set growth from the second minute's sample to the last, in percent; null below three samples.</summary>
    public static double? MemoryGrowth(IReadOnlyList<ServerMemorySample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.Count < 3 || samples[1].WorkingSetBytes <= 0
            ? null
            : Math.Round(100.0 * (samples[^1].WorkingSetBytes - samples[1].WorkingSetBytes) / samples[1].WorkingSetBytes, 1);
    }

    /// <summary>
    /// A result that names its scenario and holds its settings, with no figures yet: one line per dimension of
    /// <see cref="ScenarioDimensions"/> (a test sets each to a value off its default and reads it back here).
    /// </summary>
    public static ScenarioResult Identity(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var settings = new ScenarioResult
        {
            Transport = scenario.Transport,
            PayloadBytes = scenario.PayloadBytes,
            RateHz = scenario.RateHz,
            Clients = scenario.WholeClients ?? scenario.Clients,
            ClientShare = scenario.Share?.ToString(),
            PollIntervalMs = scenario.PollInterval.TotalMilliseconds,
            UpstreamRateHz = scenario.UpstreamRateHz,
            Arrivals = scenario.Arrivals,
            ClientProfile = scenario.ClientProfile,
            Tls = scenario.Tls,
            HttpVersion = scenario.HttpVersion,
            KeepAlive = scenario.KeepAlive,
            Compression = scenario.Compression,
            StompHeartbeatMs = scenario.StompHeartbeat.TotalMilliseconds,
            Coalesce = scenario.Coalesce,
            DropEveryMs = scenario.DropEvery.TotalMilliseconds,
            RttMs = scenario.Rtt.TotalMilliseconds,
            JitterMs = scenario.Jitter.TotalMilliseconds,
            BandwidthBitsPerSecond = scenario.BandwidthBitsPerSecond,
            Network = scenario.Network,
            ClientKind = scenario.ClientKind,
            SignalRTransport = scenario.SignalRTransport,
            SocketIoTransport = scenario.SocketIoTransport,
            SockJsTransport = scenario.SockJsTransport,
            Proxy = scenario.Proxy,
            DurationSeconds = scenario.Duration.TotalSeconds,
        };
        return settings with { Name = ScenarioDimensions.NameOf(settings) };
    }

    /// <summary>A scenario that could not be measured, with the reason.</summary>
    public static ScenarioResult Failed(Scenario scenario, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Failed(scenario, $"{error.GetType().Name}: {error.Message}");
    }

    /// <summary>A scenario that could not run on this machine (Node missing), with the one line that says how to fix it.</summary>
    public static ScenarioResult Skipped(Scenario scenario, string reason) =>
        Identity(scenario) with { Status = ScenarioStatus.Skipped, Error = reason };

    /// <summary>A scenario that was not measured, with the reason in words.</summary>
    public static ScenarioResult Failed(Scenario scenario, string reason) =>
        Identity(scenario) with { Status = ScenarioStatus.Failed, Error = reason };

    /// <summary>Latency p50 of each measured window, over every client's samples in that window.</summary>
    private static List<double> WindowP50s(IReadOnlyList<ClientRecorder> recorders) =>
        WindowLatency.P50s([.. recorders.Select(r => (r.Latency.Ticks.ToArray(), r.WindowMarks))]);

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static double Round(double value) => Math.Round(value, 3);
}
