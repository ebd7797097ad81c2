using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The live page for talks, on the transport port: `/` is one self-contained HTML file from this assembly (no CDN,
/// no framework), `/transports` the descriptor list it builds its panels from, and `/clock` the server's half of an
/// NTP-style exchange, so the page (and the harness's browser clients) can put publish timestamps on their own clock.
/// Requests to them cross the counted port like any other: the harness asks them outside its measured window only.
/// </summary>
public static class LivePage
{
    private const string ResourceName = "Transports.Servers.live.html";

    private static readonly Lazy<byte[]> Html = new(() =>
    {
        using var stream = typeof(LivePage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(LivePage).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The page's bytes, as served.</summary>
    public static ReadOnlyMemory<byte> Content => Html.Value;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(TransportPaths.Page, async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentLength = Html.Value.Length;
            await context.Response.Body.WriteAsync(Html.Value, context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet(TransportPaths.TransportList, (TransportServerOptions options) => Results.Json(Describe(options), PageJson));
        endpoints.MapGet(TransportPaths.Clock, () =>
        {
            var received = Stopwatch.GetTimestamp();
            return Results.Json(new ClockReading(received, Stopwatch.GetTimestamp(), Stopwatch.Frequency), ControlJson.Options);
        });
    }

    /// <summary>What `/transports` answers: every descriptor, in report order, and whether the page's buttons work.</summary>
    public static PageInfo Describe(TransportServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PageInfo(
            [.. TransportIds.All.Select(d => new PageTransport(d.Id, d.DisplayName, d.Color, d.Path, d.Family, d.WireFormat, d.Browser))],
            options.DemoControls);
    }

    /// <summary>camelCase names and enums as camelCase strings ("longPolling", "webSocket"), as the page reads them.</summary>
    public static JsonSerializerOptions PageJson { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>The body of `GET /transports`.</summary>
public sealed record PageInfo(IReadOnlyList<PageTransport> Transports, bool DemoControls);

/// <summary>One descriptor as the page needs it.</summary>
public sealed record PageTransport(string Id, string Name, string Color, string? Path, TransportFamily Family, WireFormat WireFormat, BrowserApi Browser);
