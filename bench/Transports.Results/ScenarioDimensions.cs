using System.Globalization;
using Transports.Contract;
using Transports.Network;

namespace Transports.Results;

/// <summary>
/// THE list of scenario dimensions, in name order (append new ones: names keep their segment order). Adding
/// one: (1) an entry here and in <see cref="All"/>; (2) the property on <see cref="ScenarioResult"/>
/// (initialized to the entry's default) and on the harness's Scenario, with its line in
/// ScenarioResults.Identity and its list in RunPlan; (3) its `run` option, listed in RunCommand.DimensionOptions.
/// Names, results.csv, headers, floor matching, the settings tables and the charts' sweeps follow from the
/// entry; tests iterate the list and fail on any of these left out.
/// </summary>
public static class ScenarioDimensions
{
    public static ScenarioDimension Payload { get; } = ScenarioDimension.Numeric(
        "payloadBytes", "Payload size", "B", r => r.PayloadBytes, "payload", v => $"{Count(v)} B payload") with { AlwaysNamed = true };

    public static ScenarioDimension Rate { get; } = ScenarioDimension.Numeric(
        "rateHz", "Event rate", "events/s", r => r.RateHz, "rate", v => v == 1 ? "1 event/s" : $"{Count(v)} events/s") with { AlwaysNamed = true };

    public static ScenarioDimension Clients { get; } = ScenarioDimension.Numeric(
        "clients", "Clients", "clients", r => r.Clients, "clients", v => v == 1 ? "1 client" : $"{Count(v)} clients") with { AlwaysNamed = true };

    /// <summary>Only the polling client has an interval; the others may run once for every interval.</summary>
    public static ScenarioDimension PollInterval { get; } = ScenarioDimension.Numeric(
        "pollIntervalMs", "Poll interval", "ms", r => r.PollIntervalMs, "poll", v => $"poll {Count(v)} ms", nameSuffix: "ms")
        with { AlwaysNamed = true, AppliesTo = transport => string.Equals(transport, TransportIds.Polling, StringComparison.Ordinal) };

    public static ScenarioDimension UpstreamRate { get; } = ScenarioDimension.Numeric(
        "upstreamRateHz", "Upstream rate", "messages/s", r => r.UpstreamRateHz, "up", v => $"upstream {Count(v)}/s") with { AlwaysNamed = true, Default = 0 };

    /// <summary>
    /// Fixed by default in names and in files written before the key existed (they were all fixed), so `ci`'s names and
    /// the committed baseline stay; the comparison profiles run poisson, which their names then say.
    /// </summary>
    public static ScenarioDimension Arrivals { get; } = ScenarioDimension.Categorical(
        "arrivals", "Arrivals", r => r.Arrivals, Arrival.All, Arrival.Fixed, v => $"{v} arrivals");

    /// <summary>The headers every request carries (and, for lubbers2010, the server's answer): the default is .NET's own.</summary>
    public static ScenarioDimension ClientProfile { get; } = ScenarioDimension.Categorical(
        "clientProfile", "Client profile", r => r.ClientProfile, ClientProfiles.All, ClientProfiles.Minimal, v => $"{v} headers", nameKey: "profile")
        with { AppliesTo = TransportIds.IsHttp };

    /// <summary>TLS under every transport of ours, the tcp floor too: bytes are counted below it. The Node servers speak plain HTTP.</summary>
    public static ScenarioDimension Tls { get; } = ScenarioDimension.Categorical(
        "tls", "TLS", r => r.Tls, OnOff.All, OnOff.Off, v => v == OnOff.On ? "TLS" : "no TLS")
        with { AppliesTo = TransportIds.IsOurs };

    public static ScenarioDimension HttpVersion { get; } = ScenarioDimension.Categorical(
        "httpVersion", "HTTP version", r => r.HttpVersion, HttpVersions.All, HttpVersions.Http11, v => $"HTTP/{v}", nameKey: "http")
        with { AppliesTo = TransportIds.IsHttp };

    /// <summary>Off: the client opens a new connection for every request (only polling and long polling make many).</summary>
    public static ScenarioDimension KeepAlive { get; } = ScenarioDimension.Categorical(
        "keepAlive", "Keep-alive", r => r.KeepAlive, [OnOff.On, OnOff.Off], OnOff.On, v => $"keep-alive {v}", nameKey: "keepalive")
        with { AppliesTo = TransportIds.IsRequestPerBatch };

    public static ScenarioDimension Compression { get; } = ScenarioDimension.Categorical(
        "compression", "Compression", r => r.Compression, ContentCodings.All, ContentCodings.None, v => v == ContentCodings.None ? "uncompressed" : $"{v} compression")
        with { AppliesTo = TransportIds.IsHttp };

    /// <summary>On by default: at low rates one event waits at a time, so every earlier figure reads the same either way.</summary>
    public static ScenarioDimension Coalesce { get; } = ScenarioDimension.Categorical(
        "coalesce", "Write coalescing", r => r.Coalesce, Coalescing.All, Coalescing.On, v => $"coalescing {v}")
        with { AppliesTo = Coalescing.AppliesTo };

    /// <summary>Forced disconnects: the server aborts every transport connection this often inside the window (0: never).</summary>
    public static ScenarioDimension DropEvery { get; } = ScenarioDimension.Numeric(
        "dropEveryMs", "Forced disconnects", "ms", r => r.DropEveryMs, "drop", v => v == 0 ? "no drops" : $"drop every {Count(v)} ms", nameSuffix: "ms") with { Default = 0 };

    /// <summary>STOMP heart-beating, asked for by the clients (and offered by the server `run` starts); off by default.</summary>
    public static ScenarioDimension StompHeartbeat { get; } = ScenarioDimension.Numeric(
        "stompHeartbeatMs", "STOMP heart-beat", "ms", r => r.StompHeartbeatMs, "heartbeat", v => v == 0 ? "no heart-beat" : $"heart-beat {Count(v)} ms", nameSuffix: "ms")
        with { Default = 0, AppliesTo = transport => string.Equals(transport, TransportIds.Stomp, StringComparison.Ordinal) };

    /// <summary>The emulated path's round-trip time, half each way (0: no emulator at all unless another path figure is set).</summary>
    public static ScenarioDimension Rtt { get; } = ScenarioDimension.Numeric(
        "rttMs", "Round-trip time", "ms", r => r.RttMs, "rtt", v => $"RTT {Count(v)} ms", nameSuffix: "ms") with { Default = 0 };

    public static ScenarioDimension Jitter { get; } = ScenarioDimension.Numeric(
        "jitterMs", "Jitter", "ms", r => r.JitterMs, "jitter", v => $"± {Count(v)} ms jitter", nameSuffix: "ms") with { Default = 0 };

    /// <summary>The path's bandwidth each way; 0 is no limit. Named as `--bandwidth` takes it ("bw=10mbit").</summary>
    public static ScenarioDimension Bandwidth { get; } = ScenarioDimension.Numeric(
        "bandwidthBitsPerSecond", "Bandwidth", "bit/s", r => r.BandwidthBitsPerSecond, "bw", v => v == 0 ? "no bandwidth limit" : NetworkUnits.FormatBandwidth((long)v))
        with { Default = 0, NameText = v => NetworkUnits.BandwidthText((long)v.Number) };

    /// <summary>The `--network` preset a path came from; custom when its figures were given one by one (or not at all).</summary>
    public static ScenarioDimension Network { get; } = ScenarioDimension.Categorical(
        "network", "Network", r => r.Network, NetworkPaths.All, NetworkPaths.Custom, v => v == NetworkPaths.Custom ? "custom path" : $"{v} network");

    /// <summary>.NET clients by default; a transport a page cannot speak (the tcp floor) stands in with .NET clients.</summary>
    public static ScenarioDimension ClientKind { get; } = ScenarioDimension.Categorical(
        "clientKind", "Client kind", r => r.ClientKind, ClientKinds.All, ClientKinds.Dotnet, v => v == ClientKinds.Chromium ? "Chromium pages" : ".NET clients", nameKey: "client")
        with { AppliesTo = ClientKinds.AppliesTo };

    /// <summary>SignalR's transport: auto (negotiate, as the library does) or one forced; the other transports have none.</summary>
    public static ScenarioDimension SignalRTransport { get; } = ScenarioDimension.Categorical(
        "signalrTransport", "SignalR transport", r => r.SignalRTransport, LibraryTransports.SignalR, LibraryTransports.Auto, v => $"signalr over {v}", nameKey: "signalr")
        with { AppliesTo = transport => string.Equals(transport, TransportIds.SignalR, StringComparison.Ordinal) };

    /// <summary>Socket.IO's transport: auto (polling, then the upgrade, as the library does) or one forced; socketio only.</summary>
    public static ScenarioDimension SocketIoTransport { get; } = ScenarioDimension.Categorical(
        "socketioTransport", "Socket.IO transport", r => r.SocketIoTransport, LibraryTransports.SocketIo, LibraryTransports.Auto, v => $"socket.io over {v}", nameKey: "socketio")
        with { AppliesTo = transport => string.Equals(transport, TransportIds.SocketIo, StringComparison.Ordinal) };

    /// <summary>SockJS's transport: auto (websocket, xhr-streaming, xhr-polling in sockjs-client's order) or one forced; sockjs only.</summary>
    public static ScenarioDimension SockJsTransport { get; } = ScenarioDimension.Categorical(
        "sockjsTransport", "SockJS transport", r => r.SockJsTransport, LibraryTransports.SockJs, LibraryTransports.Auto, v => $"sockjs over {v}", nameKey: "sockjs")
        with { AppliesTo = transport => string.Equals(transport, TransportIds.SockJs, StringComparison.Ordinal) };

    /// <summary>
    /// A hostile intermediary on the path (`--proxy`, <see cref="ProxyMode"/>): none, no-upgrade, buffering, idle-cut=D, or
    /// several joined by +. An idle cut's duration is part of the value, so it sorts after the named modes.
    /// </summary>
    public static ScenarioDimension Proxy { get; } = ScenarioDimension.Categorical(
        "proxy", "Proxy", r => r.Proxy, ProxyMode.Names, ProxyMode.NoneName, v => v == ProxyMode.NoneName ? "no proxy" : $"{v} proxy");

    public static IReadOnlyList<ScenarioDimension> All { get; } = [Payload, Rate, Clients, PollInterval, UpstreamRate, Arrivals, ClientProfile, Tls, HttpVersion, KeepAlive, Compression, StompHeartbeat, DropEvery, Rtt, Jitter, Bandwidth, Network, Coalesce, SignalRTransport, ClientKind, SocketIoTransport, SockJsTransport, Proxy];

    /// <summary>The dimensions that describe the emulated path (a scenario at all their defaults runs without one).</summary>
    public static IReadOnlyList<ScenarioDimension> Path { get; } = [Rtt, Jitter, Bandwidth, Network, Coalesce, Proxy];

    /// <summary>
    /// The stable full name results are keyed and compared by: the transport, then "key=value" for every
    /// dimension that is named at this value, e.g. "sse/payload=16/rate=10/clients=1/poll=250ms/up=0".
    /// </summary>
    public static string NameOf(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var segments = All.Select(d => (Dimension: d, Value: d.Read(scenario)))
            .Where(x => x.Dimension.IsNamed(x.Value))
            .Select(x => x.Dimension.NameSegment(x.Value));
        return string.Join('/', segments.Prepend(scenario.Transport));
    }

    /// <summary>The dimensions whose value differs between some of <paramref name="scenarios"/>.</summary>
    public static IReadOnlyList<ScenarioDimension> Varying(IEnumerable<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var list = scenarios as IReadOnlyCollection<ScenarioResult> ?? scenarios.ToList();
        return All.Where(d => list.Select(d.Read).Distinct().Skip(1).Any()).ToList();
    }

    /// <summary>The distinct values of <paramref name="dimension"/> in <paramref name="scenarios"/>, in its order.</summary>
    public static IReadOnlyList<DimensionValue> Values(ScenarioDimension dimension, IEnumerable<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentNullException.ThrowIfNull(scenarios);
        return scenarios.Select(dimension.Read).Distinct().Order(dimension.Comparer).ToList();
    }

    /// <summary>
    /// Every dimension with the values <paramref name="scenarios"/> have, e.g. ("Payload size (B)", "16, 1024"):
    /// the settings tables of summary.md and report.html.
    /// </summary>
    public static IReadOnlyList<(string Label, string Values)> Settings(IEnumerable<ScenarioResult> scenarios)
    {
        var list = scenarios?.ToList() ?? throw new ArgumentNullException(nameof(scenarios));
        return All.Select(d => (d.Label, string.Join(", ", Values(d, list)))).ToList();
    }

    private static string Count(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
