using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Transports.Servers;

/// <summary>
/// Puts a <see cref="CoalescingStream"/> under every WebSocket this host accepts, and leaves the handshake entirely to
/// Kestrel and the WebSocket middleware (Sec-WebSocket-Accept, subprotocol, X-Cursor, compression): installed before
/// <c>UseWebSockets</c>, it stands in for the upgrade features the middleware takes the opaque stream from, HTTP/1.1's
/// upgrade and HTTP/2's extended CONNECT alike. A framing finds the stream with <see cref="StreamOf"/>.
/// </summary>
public sealed class CoalescingUpgrade : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    private readonly IHttpUpgradeFeature? _upgrade;
    private readonly IHttpExtendedConnectFeature? _connect;

    private CoalescingUpgrade(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect)
    {
        _upgrade = upgrade;
        _connect = connect;
    }

    /// <summary>The stream under the accepted WebSocket (null until accepted).</summary>
    public CoalescingStream? Stream { get; private set; }

    public bool IsUpgradableRequest => _upgrade?.IsUpgradableRequest ?? false;

    public bool IsExtendedConnect => _connect?.IsExtendedConnect ?? false;

    public string? Protocol => _connect?.Protocol;

    /// <summary>Middleware, before <c>UseWebSockets</c>: requests that can become a WebSocket get the stand-in.</summary>
    public static Task InstallAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        if (upgrade is { IsUpgradableRequest: true } || connect is { IsExtendedConnect: true })
        {
            var coalescing = new CoalescingUpgrade(upgrade, connect);
            context.Features.Set(coalescing);
            if (upgrade is not null)
            {
                context.Features.Set<IHttpUpgradeFeature>(coalescing);
            }

            if (connect is not null)
            {
                context.Features.Set<IHttpExtendedConnectFeature>(coalescing);
            }
        }

        return next();
    }

    /// <summary>The coalescing stream under this request's accepted WebSocket, or null (in memory, or not accepted).</summary>
    public static CoalescingStream? StreamOf(HttpContext context) => context?.Features.Get<CoalescingUpgrade>()?.Stream;

    public async Task<Stream> UpgradeAsync()
    {
        var inner = await (_upgrade ?? throw new InvalidOperationException("not an upgradable request")).UpgradeAsync().ConfigureAwait(false);
        return Stream = new CoalescingStream(inner);
    }

    public async ValueTask<Stream> AcceptAsync()
    {
        var inner = await (_connect ?? throw new InvalidOperationException("not an extended CONNECT")).AcceptAsync().ConfigureAwait(false);
        return Stream = new CoalescingStream(inner);
    }
}
