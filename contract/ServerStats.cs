namespace Transports.Contract;

/// <summary>
/// What the server's control plane reports at one instant (GET /control/stats). The harness takes one at
/// each edge of the measured window and subtracts.
/// </summary>
public sealed record ServerStats
{
    /// <summary>Every transport connection's bytes, connections and requests (control plane excluded).</summary>
    public WireSnapshot Wire { get; init; }

    /// <summary>The server process's CPU time, user plus kernel.</summary>
    public double CpuMs { get; init; }

    /// <summary>Bytes the server process has allocated since it started.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>The feed's last published sequence.</summary>
    public long LastSequence { get; init; }

    public long UpstreamReceived { get; init; }

    /// <summary>Responses cut short because the client went away.</summary>
    public long ClientAborts { get; init; }

    /// <summary>Requests or frames refused as malformed or oversized.</summary>
    public long Rejected { get; init; }

    /// <summary>Flushes of every transport connection's output (each a write to the socket; coalescing saves them).</summary>
    public long Flushes { get; init; }
}

/// <summary>Whether streaming servers coalesce writes (GET and POST /control/coalesce).</summary>
public sealed record CoalesceState(bool Enabled);

/// <summary>Upstream latency measured by the server since the last reset (GET /control/upstream).</summary>
public sealed record UpstreamStats(long Received, LatencySummary LatencyMs);

/// <summary>The feed's position after a control call, and its settings where the call changed them.</summary>
public sealed record FeedPosition(long LastSequence, FeedSettings? Feed = null);

/// <summary>Where a running server listens (GET /control/info), so a harness given only the control URL finds the rest.</summary>
public sealed record ServerInfo(string HttpUrl, string TcpEndPoint, string ControlUrl)
{
    /// <summary>HTTP/1.1 and HTTP/2 (by ALPN) over TLS: every HTTP transport as https and wss.</summary>
    public string? HttpsUrl { get; init; }

    /// <summary>HTTP/2 with prior knowledge on plain TCP (h2c): a listener of its own, as Kestrel needs.</summary>
    public string? H2cUrl { get; init; }

    /// <summary>The raw TCP floor over TLS.</summary>
    public string? TlsTcpEndPoint { get; init; }

    /// <summary>The SHA-256 thumbprint (hex) of the server's self-signed certificate: the one clients trust.</summary>
    public string? CertificateSha256 { get; init; }
}

/// <summary>
/// What the feed publishes (GET /control/feed), so a harness can put a shared server back as it found it.
/// <see cref="Seed"/> is the seed of Poisson arrivals (the one the server chose when none was given); null for fixed.
/// </summary>
public sealed record FeedSettings(double RateHz, int PayloadBytes, string Arrivals = FeedArrivals.Fixed, int? Seed = null);

/// <summary>
/// What the server does on the wire for one scenario (POST /control/wire): the client profile whose response headers it
/// answers with (<see cref="ClientProfiles"/>) and the compression it may use (<see cref="ContentCodings"/>).
/// </summary>
public sealed record WireSettings(string Profile, string Compression);

/// <summary>
/// The server process's memory at one instant (GET /control/memory): its working set (resident memory, what the OS
/// charges it), the managed heap, and how many transport connections are open. With <c>?gc=true</c> a full blocking,
/// compacting collection runs first, so the heap holds live objects only and two readings compare.
/// </summary>
public sealed record ServerMemory(long WorkingSetBytes, long ManagedHeapBytes, int Connections);
