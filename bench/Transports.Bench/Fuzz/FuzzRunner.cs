using System.Collections.Concurrent;
using System.Diagnostics;
using Transports.Bench.Harness;
using Transports.Contract;

namespace Transports.Bench.Fuzz;

/// <summary>How a fuzz run goes: the seed that recreates it, how many inputs, how many at once, and its time bound.</summary>
public sealed record FuzzOptions
{
    public int Seed { get; init; } = 1;

    public int Inputs { get; init; } = 10_000;

    public int Concurrency { get; init; } = 16;

    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The feed's rate while the inputs run, so the bystanders have events to miss.</summary>
    public double RateHz { get; init; } = 20;
}

/// <summary>
/// Runs the fuzz suite against a running server: bystanders of every Kestrel transport subscribe, the feed publishes,
/// the first tenth of the inputs warm the server's pools, its memory is read, then the rest go; the feed pauses, the
/// bystanders must catch up on every event, and memory is read again. Each input is a fresh connection
/// (<see cref="FuzzExchange"/>), <see cref="FuzzOptions.Concurrency"/> at a time, until the inputs or the time run out.
/// A server that stops answering its control plane ends the run with the <see cref="HttpRequestException"/>.
/// </summary>
public static class FuzzRunner
{
    /// <summary>How long the bystanders get to receive the last event after the feed pauses.</summary>
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CatchUpPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// STOMP heart-beats a server started for fuzzing offers, so a CONNECT's heart-beat figures reach the beat loop
    /// (with none offered they are parsed and dropped).
    /// </summary>
    public static readonly TimeSpan StompHeartbeat = TimeSpan.FromSeconds(10);

    /// <summary>Payload of the feed's events while fuzzing.</summary>
    private const int PayloadBytes = 64;

    /// <summary>The heap may grow by this share of its size after the warm-up...</summary>
    public const double HeapGrowthAllowed = 0.10;

    /// <summary>...plus this much, for pools and caches that fill once (a few MiB, not a leak per input).</summary>
    public const long HeapSlackBytes = 4L * 1024 * 1024;

    public static long HeapCeiling(long baseline) => (long)(baseline * (1 + HeapGrowthAllowed)) + HeapSlackBytes;

    public static async Task<FuzzReport> RunAsync(ServerTarget server, ServerControlClient control, int maxUpstreamBytes, FuzzOptions options, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.StartNew();
        var target = new FuzzTarget(EndPoint(server.HttpUri), server.TcpEndPoint, EndPoint(server.ControlUri), maxUpstreamBytes);
        var rejectedBefore = (await control.StatsAsync(cancellationToken).ConfigureAwait(false)).Rejected;

        var bystanders = new List<FuzzBystander>();
        try
        {
            foreach (var transport in TransportIds.All.Where(d => d.Host == TransportHost.Kestrel).Select(d => d.Id))
            {
                bystanders.Add(await FuzzBystander.StartAsync(transport, server, cancellationToken).ConfigureAwait(false));
            }

            var first = (await control.StatsAsync(cancellationToken).ConfigureAwait(false)).LastSequence;
            await control.ConfigureAsync(options.RateHz, PayloadBytes, cancellationToken).ConfigureAwait(false);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.MaxTime);
            var results = new ConcurrentBag<FuzzResult>();
            var warmUp = Math.Max(1, options.Inputs / 10);
            var sent = await SendAsync(0, Math.Min(warmUp, options.Inputs), target, options, results, progress, deadline.Token).ConfigureAwait(false);
            var baseline = await control.MemoryAsync(collect: true, cancellationToken).ConfigureAwait(false);
            if (sent == Math.Min(warmUp, options.Inputs))
            {
                sent += await SendAsync(sent, options.Inputs, target, options, results, progress, deadline.Token).ConfigureAwait(false);
            }

            var last = (await control.PauseAsync(cancellationToken).ConfigureAwait(false)).LastSequence;
            await CatchUpAsync(bystanders, first, last, cancellationToken).ConfigureAwait(false);
            var after = await control.MemoryAsync(collect: true, cancellationToken).ConfigureAwait(false);
            var stats = await control.StatsAsync(cancellationToken).ConfigureAwait(false);

            return new FuzzReport
            {
                Seed = options.Seed,
                Requested = options.Inputs,
                Sent = sent,
                Families = results.GroupBy(r => r.Input.Generator).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, Count),
                Failures = [.. results.Where(r => r.Failure is not null).OrderBy(r => r.Input.Index).Select(r => $"#{r.Input.Index} {r.Input.Generator} ({r.Input.Description}): {r.Failure}")],
                MustCount = results.Count(r => r.Input.Expect == FuzzExpectation.Counted),
                Rejected = stats.Rejected - rejectedBefore,
                Published = last - first,
                BystanderMissing = bystanders.Sum(b => b.Missing(first, last)),
                BystanderDuplicates = bystanders.Sum(b => b.Duplicates),
                BystanderReconnects = bystanders.Sum(b => b.Reconnects),
                MemoryBaseline = baseline,
                MemoryAfter = after,
                Elapsed = started.Elapsed,
            };
        }
        finally
        {
            foreach (var bystander in bystanders)
            {
                await bystander.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends inputs [<paramref name="from"/>, <paramref name="to"/>); returns how many went before the deadline.</summary>
    private static async Task<int> SendAsync(int from, int to, FuzzTarget target, FuzzOptions options, ConcurrentBag<FuzzResult> results, Action<int>? progress, CancellationToken deadline)
    {
        var done = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = deadline }, async (index, token) =>
            {
                var input = FuzzGenerators.Create(options.Seed, index, target);
                results.Add(await FuzzExchange.SendAsync(input, token).ConfigureAwait(false));
                var sent = Interlocked.Increment(ref done);
                progress?.Invoke(from + sent);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Out of time: what was sent is reported, and the run fails for the inputs it did not send.
        }

        return done;
    }

    private static async Task CatchUpAsync(List<FuzzBystander> bystanders, long first, long last, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (bystanders.Any(b => b.Missing(first, last) > 0) && waited.Elapsed < CatchUpTimeout)
        {
            await Task.Delay(CatchUpPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FuzzFamilyCounts Count(IEnumerable<FuzzResult> results)
    {
        var list = results.ToList();
        return new FuzzFamilyCounts(
            list.Count,
            list.Count(r => r.Input.Expect == FuzzExpectation.Counted),
            list.Count(r => r.Outcome == FuzzOutcome.Refused),
            list.Count(r => r.Outcome == FuzzOutcome.Answered),
            list.Count(r => r.Outcome == FuzzOutcome.Held),
            list.Count(r => r.Outcome == FuzzOutcome.ServerError));
    }

    private static System.Net.IPEndPoint EndPoint(Uri uri) =>
        new(System.Net.IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
}
