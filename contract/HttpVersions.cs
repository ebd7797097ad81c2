namespace Transports.Contract;

/// <summary>
/// The HTTP versions a scenario runs: <see cref="Http11"/>, or <see cref="Http2"/> (h2 by ALPN over TLS, h2c with prior
/// knowledge on plain TCP; WebSocket by RFC 8441's extended CONNECT).
/// </summary>
public static class HttpVersions
{
    public const string Http11 = "1.1";
    public const string Http2 = "2";

    public static IReadOnlyList<string> All { get; } = [Http11, Http2];

    public static Version Parse(string name) => name switch
    {
        Http11 => System.Net.HttpVersion.Version11,
        Http2 => System.Net.HttpVersion.Version20,
        _ => throw new ArgumentException($"unknown HTTP version '{name}' (known: {string.Join(", ", All)})", nameof(name)),
    };
}
