using Transports.Network;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// One transport under one combination of settings: the unit the harness measures. The settings are the
/// dimensions of <see cref="ScenarioDimensions"/>; one a run does not vary keeps its default here.
/// </summary>
public sealed record Scenario(
    string Transport,
    int PayloadBytes,
    double RateHz,
    int Clients,
    TimeSpan PollInterval,
    double UpstreamRateHz,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Windows)
{
    /// <summary>How the feed spaces events (<see cref="Arrival"/>).</summary>
    public string Arrivals { get; init; } = Arrival.Fixed;

    /// <summary>The request headers the clients send (<see cref="Contract.ClientProfiles"/>).</summary>
    public string ClientProfile { get; init; } = Contract.ClientProfiles.Minimal;

    /// <summary>"on": every connection over TLS (<see cref="Contract.OnOff"/>).</summary>
    public string Tls { get; init; } = Contract.OnOff.Off;

    /// <summary>"1.1" or "2" (<see cref="Contract.HttpVersions"/>).</summary>
    public string HttpVersion { get; init; } = Contract.HttpVersions.Http11;

    /// <summary>"off": a new connection for every request.</summary>
    public string KeepAlive { get; init; } = Contract.OnOff.On;

    /// <summary><see cref="Contract.ContentCodings"/>.</summary>
    public string Compression { get; init; } = Contract.ContentCodings.None;

    /// <summary>The heart-beat STOMP clients ask for, both ways (zero: none).</summary>
    public TimeSpan StompHeartbeat { get; init; }

    /// <summary>Whether streaming servers coalesce writes (<see cref="Coalescing"/>); the runner sets the server to it.</summary>
    public string Coalesce { get; init; } = Coalescing.On;
    /// <summary>How often the server aborts every transport connection inside the window (zero: never).</summary>
    public TimeSpan DropEvery { get; init; } = TimeSpan.Zero;

    /// <summary>The emulated path's round-trip time; zero with the three below at theirs: no emulator.</summary>
    public TimeSpan Rtt { get; init; }

    public TimeSpan Jitter { get; init; }

    /// <summary>The path's bandwidth each way; 0 is no limit.</summary>
    public long BandwidthBitsPerSecond { get; init; }

    /// <summary>The `--network` preset the path came from, or <see cref="NetworkPaths.Custom"/>.</summary>
    public string Network { get; init; } = NetworkPaths.Custom;

    /// <summary>The run's seed; the scenario's own seeds derive from it and its settings (<see cref="ScenarioSeeding"/>).</summary>
    public int Seed { get; init; } = RunPlan.DefaultSeed;

    /// <summary>The path the clients reach the server over; <see cref="NetworkConditions.None"/>: straight to its ports.</summary>
    public NetworkConditions Conditions => NetworkConditions.Create(Rtt, Jitter, BandwidthBitsPerSecond > 0 ? BandwidthBitsPerSecond : null);

    /// <summary>Who the clients are (<see cref="ClientKinds"/>): the suite's .NET clients or Chromium pages.</summary>
    public string ClientKind { get; init; } = ClientKinds.Dotnet;
    /// <summary>SignalR's transport (<see cref="Contract.LibraryTransports.SignalR"/>); auto for every other transport.</summary>
    public string SignalRTransport { get; init; } = Contract.LibraryTransports.Auto;

    /// <summary>Socket.IO's transport (<see cref="Contract.LibraryTransports.SocketIo"/>); auto for every other transport.</summary>
    public string SocketIoTransport { get; init; } = Contract.LibraryTransports.Auto;

    /// <summary>SockJS's transport (<see cref="Contract.LibraryTransports.SockJs"/>); auto for every other transport.</summary>
    public string SockJsTransport { get; init; } = Contract.LibraryTransports.Auto;
    /// <summary>The intermediary on the path (<see cref="ProxyMode"/>'s name); none: the relay runs only for network conditions.</summary>
    public string Proxy { get; init; } = ProxyMode.NoneName;

    public ProxyMode ProxyMode => ProxyMode.Parse(Proxy);

    /// <summary>
    /// Where this host runs one share of the clients (<see cref="Clients"/> of them), the share; null for a whole run.
    /// The scenario keeps the whole run's name and client count (<see cref="WholeClients"/>) so shards merge.
    /// </summary>
    public ClientShare? Share { get; init; }

    /// <summary>The clients of every share together; null for a whole run.</summary>
    public int? WholeClients { get; init; }

    /// <summary>The stable full name results are keyed and compared by (<see cref="ScenarioDimensions.NameOf"/>).</summary>
    public string Name => ScenarioResults.Identity(this).Name;

    /// <summary>Events one client may see in the window, with room to spare (sizes the recorders up front).</summary>
    public int Capacity => (int)Math.Min(
        MaxCapacity,
        ((RateHz + (UpstreamRateHz * Clients)) * (Duration.TotalSeconds + 1) * 1.5) + 1024);

    /// <summary>The most events one client's recorder holds (<see cref="RunPlan.Validate"/> refuses plans above it).</summary>
    public const int MaxCapacity = 100_000_000;
}
