using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// How a client's connections look on the wire, built by the harness for each scenario and turned into handlers and
/// sockets by <see cref="LoopbackConnections"/>: the headers it sends, TLS, the HTTP version, keep-alive and
/// compression. The defaults are the suite's first schema: minimal headers, plain HTTP/1.1, keep-alive, no compression.
/// </summary>
public sealed record ConnectionSettings
{
    public static ConnectionSettings Default { get; } = new();

    /// <summary>The request headers every request carries beyond what the stack writes itself.</summary>
    public HeaderProfile Profile { get; init; } = HeaderProfile.Minimal;

    /// <summary>
    /// TLS: the SHA-256 thumbprint (hex) of the one certificate the client trusts, the server's self-signed one; null
    /// for plain TCP. The base address must then be https and the TCP endpoint the server's TLS one.
    /// </summary>
    public string? TrustedCertificateSha256 { get; init; }

    public bool Tls => TrustedCertificateSha256 is not null;

    /// <summary>1.1 or 2.0, exactly (no fallback): h2 by ALPN with TLS, h2c with prior knowledge without.</summary>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;

    /// <summary>False: every HTTP request on a new connection (HTTP/1.1 says Connection: close).</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary><see cref="ContentCodings"/>: what the client accepts (Accept-Encoding, permessage-deflate).</summary>
    public string Compression { get; init; } = ContentCodings.None;

    public bool IsHttp2 => HttpVersion.Major == 2;
}
