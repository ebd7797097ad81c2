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
        // Streaming servers' write coalescing, switched per scenario: POST /control/coalesce?on=true|false answers the state.
        control.MapPost("/coalesce", (bool on, WriteCoalescing coalescing) =>
        {
            coalescing.Enabled = on;
            return new CoalesceState(coalescing.Enabled);
        });
        control.MapGet("/coalesce", (WriteCoalescing coalescing) => new CoalesceState(coalescing.Enabled));
        control.MapPost("/pause", (FeedPublisher publisher) => publisher.Pause());
        control.MapPost("/publish", (int count, int payload, EventFeed feed) =>
        {
            if (count is < 0 or > 1_000_000 || payload is < EventMessage.MinSize or > EventMessage.MaxSize)
            {
                return Results.BadRequest("count must be 0..1000000 and payload a valid size");
            }

            for (var left = count; left > 0; left -= EventFeed.MaxBatch)
            {
                feed.Publish(payload, Math.Min(left, EventFeed.MaxBatch));
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
        control.MapGet("/memory", (bool? gc, ServerWireStats wire) => ReadMemory(wire, gc ?? false));

        // Client shards on several hosts keep to one window: POST /control/barrier?key=K&parties=N&timeoutMs=T[&value=V]
        // answers 200 once N parties have arrived at K, 408 when T ran out first (this party is taken back out).
        control.MapPost("/barrier", async (string key, int parties, int timeoutMs, long? value, ShardBarriers barriers, HttpContext context) =>
        {
            if (key.Length is 0 or > 512 || parties is < 1 or > 1024 || timeoutMs is < 0 or > 600_000)
            {
                return Results.BadRequest("key must be 1..512 characters, parties 1..1024 and timeoutMs 0..600000");
            }

            try
            {
                var pass = await barriers.PassAsync(key, parties, value, TimeSpan.FromMilliseconds(timeoutMs), context.RequestAborted).ConfigureAwait(false);
                return pass is null ? Results.StatusCode(StatusCodes.Status408RequestTimeout) : Results.Ok(pass);
            }
            catch (ArgumentException e)
            {
                return Results.Conflict(e.Message);
            }
            catch (InvalidOperationException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        // One NTP-style exchange: t1 as the handler starts, t2 as it answers (the harness takes t0 and t3).
        control.MapGet("/clock", () =>
        {
            var received = Stopwatch.GetTimestamp();
            return new ClockReading(received, Stopwatch.GetTimestamp(), Stopwatch.Frequency);
        });
    }

    /// <summary>
    /// The process's working set and managed heap, and the open transport connections. <paramref name="collect"/> runs a
    /// full blocking compacting collection first (finalizers included, then once more), so two readings differ by what
    /// is alive, not by when the collector last ran; the harness reads memory this way outside measured windows only.
    /// </summary>
    public static ServerMemory ReadMemory(ServerWireStats wire, bool collect)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (collect)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var process = Process.GetCurrentProcess();
        return new ServerMemory(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), wire.LiveConnections);
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
            Flushes = wire.Flushes,
        };
    }
}
