using System.Net;

namespace Transports.Bench.Fuzz;

/// <summary>What the server must do with an input, beyond staying up and never answering 5xx.</summary>
public enum FuzzExpectation
{
    /// <summary>Nothing in particular: answered, refused or held, as long as the server survives.</summary>
    Any,

    /// <summary>Refused by the HTTP layer (Kestrel's 4xx for a malformed request): the client must see the refusal.</summary>
    Refused,

    /// <summary>Refused by a transport server, which counts it as rejected: the client must see the refusal.</summary>
    Counted,
}

/// <summary>
/// One generated input: bytes for one fresh connection to one endpoint, sent in <see cref="Splits"/> pieces, and what
/// the server must make of them. <see cref="Index"/> and the run's seed recreate it exactly.
/// </summary>
public sealed record FuzzInput(string Generator, int Index, IPEndPoint EndPoint, byte[] Bytes, FuzzExpectation Expect, string Description)
{
    /// <summary>Offsets at which the bytes are cut into separate writes (a request may arrive in pieces).</summary>
    public IReadOnlyList<int> Splits { get; init; } = [];

    /// <summary>Whether the HTTP answer is a WebSocket stream after 101 (its close frame is the refusal then).</summary>
    public bool WebSocket { get; init; }
}
