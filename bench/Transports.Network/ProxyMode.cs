using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Transports.Network;

/// <summary>
/// A hostile intermediary on the client's side of the path (`--proxy`), as data: what it does to HTTP and to idle
/// connections. Written as `none`, or one or more of `no-upgrade`, `buffering`, `idle-cut=D` joined by `+`
/// (e.g. `no-upgrade+buffering`: an old corporate proxy that both refuses WebSockets and buffers responses).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>no-upgrade</c>: a request carrying <c>Upgrade: websocket</c> is answered by the proxy itself with
/// <see cref="HttpProxyStage.RefusalResponse"/> (403, then the connection closes); the server never sees it. Other
/// requests pass as they are.</item>
/// <item><c>buffering</c>: a streamed response (chunked, or un-delimited: read until the connection closes) passes its
/// head at once and its body in lumps: held until <see cref="BufferBytes"/> are waiting or the response ends, as nginx's
/// proxy_buffering does. Responses with a Content-Length, and upgraded connections, pass as they are.</item>
/// <item><c>idle-cut=D</c>: a connection with no bytes either way for D is closed (FIN to both ends), as NAT and proxy
/// idle timeouts do.</item>
/// </list>
/// The HTTP modes read HTTP/1.1 in clear text: TLS (which they cannot read) and HTTP/2 are refused with them.
/// </remarks>
public sealed record ProxyMode
{
    public const string NoneName = "none";
    public const string NoUpgradeName = "no-upgrade";
    public const string BufferingName = "buffering";
    public const string IdleCutName = "idle-cut";

    /// <summary>What a buffering proxy holds of a streamed response before passing it on.</summary>
    public const int BufferBytes = 64 * 1024;

    public static ProxyMode None { get; } = new();

    /// <summary>The modes in display order (an idle cut, whatever its duration, after them).</summary>
    public static IReadOnlyList<string> Names { get; } = [NoneName, NoUpgradeName, BufferingName, $"{NoUpgradeName}+{BufferingName}"];

    public bool RefusesUpgrades { get; init; }

    public bool Buffers { get; init; }

    /// <summary>Idle time after which a connection is closed; zero: never.</summary>
    public TimeSpan IdleCut { get; init; }

    public bool IsNone => !InspectsHttp && IdleCut == TimeSpan.Zero;

    /// <summary>Whether it reads HTTP/1.1 requests and responses (and so cannot work under TLS or HTTP/2).</summary>
    public bool InspectsHttp => RefusesUpgrades || Buffers;

    /// <summary>"none", "no-upgrade", "buffering", "idle-cut=2s", "no-upgrade+buffering": what <see cref="TryParse"/> reads back.</summary>
    public string Name
    {
        get
        {
            var parts = new List<string>(3);
            if (RefusesUpgrades)
            {
                parts.Add(NoUpgradeName);
            }

            if (Buffers)
            {
                parts.Add(BufferingName);
            }

            if (IdleCut > TimeSpan.Zero)
            {
                parts.Add($"{IdleCutName}={DurationText(IdleCut)}");
            }

            return parts.Count == 0 ? NoneName : string.Join('+', parts);
        }
    }

    public override string ToString() => Name;

    public static bool TryParse(string? text, [NotNullWhen(true)] out ProxyMode? mode, [NotNullWhen(false)] out string? error)
    {
        mode = null;
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        if (trimmed == NoneName)
        {
            mode = None;
            error = null;
            return true;
        }

        var parsed = new ProxyMode();
        foreach (var part in trimmed.Split('+'))
        {
            if (part == NoUpgradeName && !parsed.RefusesUpgrades)
            {
                parsed = parsed with { RefusesUpgrades = true };
            }
            else if (part == BufferingName && !parsed.Buffers)
            {
                parsed = parsed with { Buffers = true };
            }
            else if (part.StartsWith(IdleCutName + "=", StringComparison.Ordinal) && parsed.IdleCut == TimeSpan.Zero)
            {
                if (!NetworkUnits.TryParseDelay(part[(IdleCutName.Length + 1)..], out var idle, out var delayError) || idle <= TimeSpan.Zero)
                {
                    error = $"'{text}': {IdleCutName} needs a duration above zero, e.g. {IdleCutName}=2s ({delayError ?? "0 never cuts"})";
                    return false;
                }

                parsed = parsed with { IdleCut = idle };
            }
            else
            {
                error = $"'{text}' is not a proxy mode: give {NoneName}, or {NoUpgradeName}, {BufferingName}, {IdleCutName}=DURATION, each at most once, joined by +";
                return false;
            }
        }

        mode = parsed;
        error = null;
        return true;
    }

    public static ProxyMode Parse(string text) => TryParse(text, out var mode, out var error) ? mode : throw new FormatException(error);

    /// <summary>
    /// The relay stage for each new connection: null for none. <paramref name="speaksHttp"/> says which routes carry
    /// HTTP (the HTTP modes leave the others, the tcp floor's, untouched; an idle cut applies to every connection).
    /// </summary>
    public Func<RelayConnectionInfo, IRelayStage?>? StageFactory(Func<RelayRoute, bool> speaksHttp)
    {
        ArgumentNullException.ThrowIfNull(speaksHttp);
        if (IsNone)
        {
            return null;
        }

        return info =>
        {
            IRelayStage? http = InspectsHttp && speaksHttp(info.Route) ? new HttpProxyStage(RefusesUpgrades, Buffers) : null;
            IRelayStage? idle = IdleCut > TimeSpan.Zero ? new IdleCutStage(IdleCut, info.Time) : null;
            return (http, idle) switch
            {
                ({ } h, { } i) => new ChainedStage(h, i),
                ({ } h, null) => h,
                (null, { } i) => i,
                _ => null,
            };
        };
    }

    /// <summary>"2s", "1.5s", "500ms": whole seconds in seconds, anything finer in milliseconds.</summary>
    private static string DurationText(TimeSpan span) => span.Ticks % TimeSpan.TicksPerSecond == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.###}ms");
}
