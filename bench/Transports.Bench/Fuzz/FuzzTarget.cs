using System.Net;

namespace Transports.Bench.Fuzz;

/// <summary>
/// The endpoints inputs may go to. A transport whose server listens elsewhere (a port of its own) adds itself to
/// <see cref="Others"/> so its generator finds it.
/// </summary>
public sealed record FuzzTarget(IPEndPoint Http, IPEndPoint Tcp, IPEndPoint Control, int MaxUpstreamBytes)
{
    public IReadOnlyDictionary<string, IPEndPoint> Others { get; init; } = new Dictionary<string, IPEndPoint>();

    /// <summary>Every port, for the inputs that go anywhere.</summary>
    public IReadOnlyList<IPEndPoint> All => [Http, Tcp, Control, .. Others.Values];

    /// <summary>The Host header value for the HTTP port.</summary>
    public string Host => $"{Http.Address}:{Http.Port}";
}
