using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Transports.Servers;

/// <summary>
/// Who may steer the server through its control plane. Bound to loopback (the default), anyone on this machine may,
/// unless a token was given anyway; bound anywhere else, a request must carry <c>Authorization: Bearer TOKEN</c>,
/// else it gets 401. The token is compared in constant time (both sides hashed to one length first, then
/// <see cref="CryptographicOperations.FixedTimeEquals"/>), so response timing says nothing about how much of a
/// guess was right.
/// </summary>
public sealed class ControlAccess
{
    /// <summary>The environment variable `serve` and `run` read a token from when no option gives one.</summary>
    public const string TokenVariable = "TRANSPORTS_CONTROL_TOKEN";

    /// <summary>Shortest token `serve` takes: a guessable one would defeat the point.</summary>
    public const int MinTokenLength = 16;

    public const int MaxTokenLength = 256;

    private const string Scheme = "Bearer ";

    private readonly byte[]? _tokenHash;

    public ControlAccess(TransportServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _tokenHash = options.ControlToken is { } token ? Hash(token) : null;
    }

    /// <summary>Whether requests must carry the token.</summary>
    public bool RequiresToken => _tokenHash is not null;

    /// <summary>
    /// Refuses options that would open the control plane beyond this machine without a token: the server never
    /// starts that way, whoever builds the options.
    /// </summary>
    public static void Validate(TransportServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ControlToken is { Length: 0 })
        {
            throw new ArgumentException("the control token may not be empty", nameof(options));
        }

        if (!System.Net.IPAddress.IsLoopback(options.ControlAddress) && options.ControlToken is null)
        {
            throw new ArgumentException($"the control plane may listen on {options.ControlAddress} only with a token", nameof(options));
        }
    }

    /// <summary>Whether <paramref name="token"/> is <see cref="MinTokenLength"/>..<see cref="MaxTokenLength"/> printable ASCII characters without spaces.</summary>
    public static bool IsWellFormed(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length is >= MinTokenLength and <= MaxTokenLength && token.All(c => c is > ' ' and <= '~');
    }

    /// <summary>A new random token: 32 bytes, base64url (43 characters).</summary>
    public static string GenerateToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when no token is required, or the request's bearer token is the one.</summary>
    public bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_tokenHash is null)
        {
            return true;
        }

        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(value[Scheme.Length..].Trim()), _tokenHash);
    }

    /// <summary>Answers 401 with the scheme to use.</summary>
    public static void Challenge(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
