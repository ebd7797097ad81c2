using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The control plane, on its own port so its traffic never enters the wire counts: the harness sets the
/// publish rate, pauses the feed at the window's edges, reads counters, and drops connections in tests.
/// </summary>
public static class ControlPlane
{
    /// <summary>Marks a connection accepted on the control listener.</summary>
    public sealed class Feature
    {
        public static Feature Instance { get; } = new();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var control = endpoints.MapGroup(TransportPaths.Control);
        control.MapGet("/stats", (EventFeed feed, ServerWireStats wire, UpstreamIngest upstream) => ReadStats(feed, wire, upstream));
        // arrivals=fixed|poisson (default fixed) and seed=N (poisson only; without one the server picks it and answers it).
        control.MapPost("/feed", (double rate, int payload, string? arrivals, int? seed, FeedPublisher publisher) =>
            rate < 0 || payload is < EventMessage.MinSize or > EventMessage.MaxSize
                ? Results.BadRequest($"rate must be >= 0 and payload {EventMessage.MinSize}..{EventMessage.MaxSize} bytes")
                : !FeedArrivals.IsKnown(arrivals ?? FeedArrivals.Fixed)
                    ? Results.BadRequest($"arrivals must be one of {string.Join(", ", FeedArrivals.All)}")
                    : Results.Ok(publisher.Configure(rate, payload, arrivals ?? FeedArrivals.Fixed, seed)));
        control.MapGet("/feed", (FeedPublisher publisher) => publisher.Settings);
        control.MapPost("/pause", (FeedPublisher publisher) => publisher.Pause());
        control.MapPost("/publish", (int count, int payload, EventFeed feed) =>
        {
            if (count is < 0 or > 1_000_000 || payload is < EventMessage.MinSize or > EventMessage.MaxSize)
            {
                return Results.BadRequest("count must be 0..1000000 and payload a valid size");
            }

            for (var i = 0; i < count; i++)
            {
                feed.Publish(payload);
            }

            return Results.Ok(new FeedPosition(feed.LastSequence));
        });
        control.MapPost("/upstream/reset", (int capacity, UpstreamIngest upstream) =>
        {
            upstream.Reset(Math.Clamp(capacity, 1, 10_000_000));
            return Results.NoContent();
        });
        control.MapGet("/upstream", (UpstreamIngest upstream) => upstream.Read());
        control.MapGet("/info", (ServerAddresses addresses) => addresses.Info is { } info ? Results.Ok(info) : Results.NotFound());
        control.MapPost("/drop", (ServerWireStats wire) => Results.Ok(wire.AbortAll()));
        control.MapGet("/wire", (ScenarioWire wire) => wire.Settings);
        control.MapPost("/wire", (string? profile, string? compression, ScenarioWire wire) =>
        {
            var settings = new WireSettings(profile ?? ClientProfiles.Minimal, compression ?? ContentCodings.None);
            if (!ClientProfiles.IsKnown(settings.Profile) || !ContentCodings.IsKnown(settings.Compression))
            {
                return Results.BadRequest($"profile must be one of {string.Join(", ", ClientProfiles.All)} and compression one of {string.Join(", ", ContentCodings.All)}");
            }

            wire.Set(settings);
            return Results.Ok(settings);
        });
    }

    public static ServerStats ReadStats(EventFeed feed, ServerWireStats wire, UpstreamIngest upstream)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(wire);
        ArgumentNullException.ThrowIfNull(upstream);
        using var process = Process.GetCurrentProcess();
        return new ServerStats
        {
            Wire = wire.Snapshot(),
            CpuMs = process.TotalProcessorTime.TotalMilliseconds,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
            LastSequence = feed.LastSequence,
            UpstreamReceived = upstream.Received,
            ClientAborts = wire.ClientAborts,
            Rejected = wire.Rejected,
        };
    }
}
