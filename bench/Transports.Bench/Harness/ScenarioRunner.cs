using System.Diagnostics;
using Transports.Bench.Browser;
using Transports.Clients;
using Transports.Contract;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>
/// Runs one scenario through fixed phases: read the server's memory, connect every client, read it again, warm up,
/// pause and drain, arm the counters, measure a fixed window (publishing only inside it, so no event straddles an
/// edge; forced disconnects and a long window's memory samples inside it too), pause and drain, read every counter,
/// close. The harness sees only <see cref="ITransportClient"/>, never a transport. Before the window it estimates the
/// server's clock offset (latency is corrected by it); client shards on several hosts pass each step together
/// (<see cref="ShardSync"/>), and only the coordinating shard drives the feed. A server the harness started itself
/// (<paramref name="sharedClock"/>) reads the same monotonic clock: no estimate, no correction (an estimate on a
/// loaded machine is off by up to half a round trip, as much as a loopback event's whole latency).
/// A Node-hosted transport is served by the Node server <paramref name="nodes"/> starts for it, fed from ours: its clients
/// reach that server (through the same emulated path), its counters come from that server's control plane, and the
/// window's end also waits until that server has had the last event over its bridge.
/// </summary>
public sealed class ScenarioRunner(ServerTarget target, ServerControlClient control, ShardSync? shards = null, bool sharedClock = false, BrowserClients? browsers = null, NodeServers? nodes = null)
{
    private readonly ShardSync _shards = shards ?? ShardSync.Solo;

    private const int ConnectConcurrency = 32;

    /// <summary>How long one client may take to connect and open its subscription.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long clients may take to catch up after a pause, beyond <see cref="DrainPollIntervals"/> poll intervals.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A polling client sees the last event within an interval or so; four leave room on a loaded machine.</summary>
    private const int DrainPollIntervals = 4;

    /// <summary>How long the server may take to count every upstream message sent.</summary>
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long clients may take to close once the figures are taken; they are disposed regardless.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A window at least this long gets a server memory sample at each full minute (a soak's flat-memory check).</summary>
    public static readonly TimeSpan MemorySampleWindow = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan MemorySampleInterval = TimeSpan.FromMinutes(1);

    /// <summary>Reports the phase a scenario is in, for progress output.</summary>
    public event Action<Scenario, string>? Phase;

    /// <summary>Everything counted for a scenario, before it becomes figures (a client shard keeps its raw samples).</summary>
    public event Action<ScenarioMeasurement>? Measured;

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var lead = _shards.IsCoordinator;
        var node = TransportIds.IsOurs(scenario.Transport)
            ? null
            : await (nodes ?? throw new InvalidOperationException($"{scenario.Transport} needs the run's Node servers (RunExecution starts them)")).ForAsync(scenario, cancellationToken).ConfigureAwait(false);
        if (node is null && nodes is not null)
        {
            // A Node server's bridge would be one more subscriber our server counts.
            await nodes.StopAllAsync(cancellationToken).ConfigureAwait(false);
        }

        var server = new ScenarioServer(control, node);
        if (lead)
        {
            await control.PauseAsync(cancellationToken).ConfigureAwait(false);
            await control.CoalesceAsync(scenario.Coalesce == Coalescing.On, cancellationToken).ConfigureAwait(false);
        }

        var options = new ClientOptions { PollInterval = scenario.PollInterval, StompHeartbeat = scenario.StompHeartbeat, SignalRTransport = scenario.SignalRTransport, SocketIoTransport = scenario.SocketIoTransport, SockJsTransport = scenario.SockJsTransport, FallbackProbe = FallbackProbe(scenario) };
        // Every shard sets the same wire settings (the server answers its clients by them); only the lead puts them back.
        var settings = target.Settings(scenario);
        await control.WireAsync(new WireSettings(settings.Profile.Name, settings.Compression), cancellationToken).ConfigureAwait(false);
        var seeds = ScenarioSeeding.For(scenario);
        var feed = new FeedSettings(scenario.RateHz, scenario.PayloadBytes, scenario.Arrivals, seeds.Feed);
        // Phases are drawn for the whole run's clients, so the shards' clients start where the same run on one host would.
        var wholeClients = scenario.WholeClients ?? scenario.Clients;
        var phases = seeds.PollPhase is { } phaseSeed ? ScenarioSeeding.PollPhases(phaseSeed, wholeClients, scenario.PollInterval) : null;
        var firstClient = scenario.Share?.FirstClientOf(wholeClients) ?? 0;
        var recorders = new List<ClientRecorder>(scenario.Clients);
        var clients = new List<ITransportClient>(scenario.Clients);
        var drops = scenario.DropEvery > TimeSpan.Zero ? new DropClock() : null;
        using var sockets = new SocketLedger();
        // A Node-hosted transport's path (and its proxy) lies in front of the Node server's port.
        var reached = node?.Target(target) ?? target;
        await using var path = await ServerPath.OpenAsync(reached, scenario.Conditions, seeds.Jitter ?? RunPlan.DefaultSeed, cancellationToken, stage: reached.ProxyStage(scenario.ProxyMode)).ConfigureAwait(false);
        try
        {
            Phase?.Invoke(scenario, "connecting");
            var memoryBefore = await server.MemoryAsync(collect: true, cancellationToken).ConfigureAwait(false);
            var setup = await ConnectAsync(scenario, path, sockets, i => options with { PollPhase = phases?[firstClient + i] ?? TimeSpan.Zero }, recorders, clients, drops, cancellationToken).ConfigureAwait(false);
            var memoryAfter = await server.MemoryAsync(collect: true, cancellationToken).ConfigureAwait(false);
            await _shards.PassAsync(scenario, "connected", null, cancellationToken).ConfigureAwait(false);

            Phase?.Invoke(scenario, "warming up");
            if (lead)
            {
                await control.ResetUpstreamAsync(scenario.Capacity, cancellationToken).ConfigureAwait(false);
                await control.ConfigureAsync(feed, cancellationToken).ConfigureAwait(false);
            }

            var warm = await RunUpstreamAsync(scenario, clients, scenario.Warmup, cancellationToken).ConfigureAwait(false);
            var clean = await WaitForUpstreamAsync(warm.Messages, cancellationToken).ConfigureAwait(false);
            var (start, drained) = await PauseAndDrainAsync(scenario, server, "warm-paused", recorders, cancellationToken).ConfigureAwait(false);
            clean &= drained;
            await _shards.PassAsync(scenario, "warm-drained", null, cancellationToken).ConfigureAwait(false);

            // Publish timestamps are the server's clock: measure how far it is from ours before every window.
            var clock = sharedClock ? ClockOffset.None : await ClockOffsetEstimator.EstimateAsync(control, cancellationToken).ConfigureAwait(false);
            var pageClock = await SyncPageClocksAsync(clients, cancellationToken).ConfigureAwait(false);
            foreach (var recorder in recorders)
            {
                recorder.Arm(start, scenario.Capacity, clock);
            }

            if (lead)
            {
                await control.ResetUpstreamAsync(scenario.Capacity, cancellationToken).ConfigureAwait(false);
            }

            var (clientStart, tcpStart, serverStart, quiet) = await SnapshotAsync(scenario, server, path, recorders, sockets, cancellationToken).ConfigureAwait(false);
            path.ResetCounters();
            await server.ResetAsync(cancellationToken).ConfigureAwait(false);
            clean &= quiet;
            await _shards.PassAsync(scenario, "armed", null, cancellationToken).ConfigureAwait(false);

            Phase?.Invoke(scenario, "measuring");
            var reconnectsBefore = clients.Sum(c => c.Reconnects);
            FeedPosition? published = null;
            if (lead)
            {
                published = await control.ConfigureAsync(feed, cancellationToken).ConfigureAwait(false);
            }

            var (upstream, memorySamples) = await MeasureAsync(scenario, server, recorders, clients, drops, cancellationToken).ConfigureAwait(false);

            Phase?.Invoke(scenario, "draining");
            clean &= await WaitForUpstreamAsync(upstream.Messages, cancellationToken).ConfigureAwait(false);
            await _shards.PassAsync(scenario, "measured", null, cancellationToken).ConfigureAwait(false);
            (var end, drained) = await PauseAndDrainAsync(scenario, server, "paused", recorders, cancellationToken).ConfigureAwait(false);
            clean &= drained;
            await _shards.PassAsync(scenario, "drained", null, cancellationToken).ConfigureAwait(false);
            (var clientEnd, var tcpEnd, var serverEnd, quiet) = await SnapshotAsync(scenario, server, path, recorders, sockets, cancellationToken).ConfigureAwait(false);
            var bridgeHop = await server.BridgeHopAsync(cancellationToken).ConfigureAwait(false);
            clean &= quiet;
            var upstreamStats = await control.UpstreamAsync(cancellationToken).ConfigureAwait(false);
            foreach (var recorder in recorders)
            {
                recorder.Disarm();
            }

            var measurement = new ScenarioMeasurement(
                scenario,
                recorders,
                clients.Sum(c => c.Reconnects) - reconnectsBefore,
                clients.Sum(c => c.Errors),
                setup,
                start,
                end,
                clientEnd - clientStart,
                tcpEnd - tcpStart,
                serverEnd,
                serverStart,
                upstream,
                upstreamStats,
                clean)
            {
                MemoryBefore = memoryBefore,
                MemoryAfter = memoryAfter,
                MemorySamples = memorySamples,
                Clock = clock,
                ClientsCountBytes = !IsBrowser(scenario),
                ClientHeadsSplit = LoopbackConnections.SplitsHeads(settings),
                PageClockUncertaintyMs = pageClock,
                BridgeHop = bridgeHop,
                NegotiatedTransport = clients.OfType<INegotiatingClient>().Select(c => c.NegotiatedTransport).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList() is { Count: > 0 } negotiated ? string.Join(",", negotiated) : null,
            };
            Measured?.Invoke(measurement);
            return ScenarioResults.Build(measurement) with
            {
                // The seed the server used (it picks one when asked for Poisson without one), as it answered.
                Seeds = seeds with { Feed = published?.Feed?.Seed ?? seeds.Feed },
                Relay = path.Figures(),
            };
        }
        finally
        {
            Phase?.Invoke(scenario, "closing");
            try
            {
                if (lead)
                {
                    await control.PauseAsync(CancellationToken.None).ConfigureAwait(false);
                    // A shared server goes back to answering as it always did.
                    await control.WireAsync(new WireSettings(ClientProfiles.Minimal, ContentCodings.None), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (HttpRequestException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C reaches a server started from the same terminal too: it may be gone already.
            }

            await CloseAsync(clients).ConfigureAwait(false);
            await CloseTogetherAsync(scenario, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Shards leave a scenario together, even one that failed in some of them, so the next starts in step. One
    /// host, or an interrupted run, has nobody to wait for.
    /// </summary>
    private async Task CloseTogetherAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _shards.PassAsync(scenario, "closed", null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or OperationCanceledException)
        {
            // The scenario's figures (or its failure) are already decided; the next scenario's first step waits longer.
        }
    }

    /// <summary>Connects every client across <paramref name="path"/>; returns the mean bytes each spent until its subscription was open.</summary>
    private async Task<double> ConnectAsync(Scenario scenario, ServerPath path, SocketLedger sockets, Func<int, ClientOptions> options, List<ClientRecorder> recorders, List<ITransportClient> clients, DropClock? drops, CancellationToken cancellationToken)
    {
        var reach = path.Target;
        if (IsBrowser(scenario))
        {
            return await ConnectPagesAsync(scenario, path, options(0), recorders, clients, drops, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < scenario.Clients; i++)
        {
            var recorder = new ClientRecorder(new WireCounter(), drops);
            recorders.Add(recorder);
            clients.Add(TransportClients.Create(scenario.Transport, reach.Connect(scenario, recorder.Counter, sockets), recorder, options(i)));
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, clients.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                recorders[i].ConnectStarting();
                await clients[i].StartAsync(null, token).WaitAsync(ConnectTimeout, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return recorders.Count == 0 ? 0 : recorders.Average(r => r.SetupBytes);
    }

    private static bool IsBrowser(Scenario scenario) => string.Equals(scenario.ClientKind, ClientKinds.Chromium, StringComparison.Ordinal);

    /// <summary>
    /// Opens a Chromium page per client over <paramref name="path"/> (the page loads from the server before anything
    /// is counted), then subscribes the first one alone, its first poll held back, and takes its setup bytes from the
    /// server's counters between two quiet readings: a page counts no bytes itself. The others subscribe together
    /// after it. A page polls on its own schedule from its subscription (no seeded phase).
    /// </summary>
    private async Task<double> ConnectPagesAsync(Scenario scenario, ServerPath path, ClientOptions options, List<ClientRecorder> recorders, List<ITransportClient> clients, DropClock? drops, CancellationToken cancellationToken)
    {
        var pool = browsers ?? throw new InvalidOperationException("browser clients need the run's Chromium (RunExecution starts it)");
        for (var i = 0; i < scenario.Clients; i++)
        {
            recorders.Add(new ClientRecorder(new WireCounter(), drops));
        }

        var pages = await pool.OpenAsync(path.Target.HttpUri, scenario.Transport, recorders, options, cancellationToken).ConfigureAwait(false);
        clients.AddRange(pages);
        var (_, _, before, _) = await SnapshotAsync(scenario, new ScenarioServer(control, null), path, [], null, cancellationToken).ConfigureAwait(false);
        await pages[0].StartAsync(null, hold: true, cancellationToken).WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var (_, _, after, _) = await SnapshotAsync(scenario, new ScenarioServer(control, null), path, [], null, cancellationToken).ConfigureAwait(false);
        await pages[0].ReleaseAsync(cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            pages.Skip(1),
            new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = cancellationToken },
            async (page, token) => await page.StartAsync(null, token).WaitAsync(ConnectTimeout, token).ConfigureAwait(false)).ConfigureAwait(false);
        return (after.Wire - before.Wire).Bytes;
    }

    /// <summary>
    /// Browser clients stamp receive times on their page's clock: each page's offset to this host's is estimated again
    /// before the window. Returns the largest uncertainty; null for .NET clients, which share this host's clock.
    /// </summary>
    private static async Task<double?> SyncPageClocksAsync(List<ITransportClient> clients, CancellationToken cancellationToken)
    {
        double? worst = null;
        foreach (var page in clients.OfType<BrowserClient>())
        {
            var clock = await page.SyncClockAsync(cancellationToken).ConfigureAwait(false);
            worst = Math.Max(worst ?? 0, clock.UncertaintyMs);
        }

        return worst;
    }

    /// <summary>
    /// Measures the window in equal parts, marking each part's end for per-window latency. Beside it, and ending by
    /// themselves by the window's end: the forced disconnects and a long window's memory samples.
    /// </summary>
    private async Task<(UpstreamCount Upstream, List<ServerMemorySample> Memory)> MeasureAsync(
        Scenario scenario, ScenarioServer server, List<ClientRecorder> recorders, List<ITransportClient> clients, DropClock? drops, CancellationToken cancellationToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var samples = new List<ServerMemorySample>();
        var beside = Task.WhenAll(
            drops is null ? Task.CompletedTask : DropEveryAsync(scenario, server, drops, started, window.Token),
            scenario.Duration >= MemorySampleWindow ? SampleMemoryAsync(scenario.Duration, samples, started, window.Token) : Task.CompletedTask);
        var windows = Math.Max(1, scenario.Windows);
        var part = scenario.Duration / windows;
        var total = new UpstreamCount(0, 0);
        try
        {
            for (var w = 0; w < windows; w++)
            {
                total += await RunUpstreamAsync(scenario, clients, part, cancellationToken).ConfigureAwait(false);
                foreach (var recorder in recorders)
                {
                    recorder.MarkWindow();
                }
            }
        }
        catch
        {
            await window.CancelAsync().ConfigureAwait(false);
            await beside.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await beside.ConfigureAwait(false);
        return (total, samples);
    }

    /// <summary>
    /// Has the server abort every transport connection at each multiple of the scenario's interval strictly inside the
    /// window (a 6 s window dropped every 1 s: at 1, 2, 3, 4 and 5 s), marking each instant for the recorders first.
    /// </summary>
    private static async Task DropEveryAsync(Scenario scenario, ScenarioServer server, DropClock drops, long started, CancellationToken cancellationToken)
    {
        for (var k = 1; scenario.DropEvery * k < scenario.Duration; k++)
        {
            await DelayUntilAsync(started, scenario.DropEvery * k, cancellationToken).ConfigureAwait(false);
            drops.Mark(Stopwatch.GetTimestamp());
            await server.DropAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the server's memory (after a forced collection) at each full minute of the window, the last at its end.
    /// The collection pauses the server for a moment once a minute: only windows of <see cref="MemorySampleWindow"/> or
    /// more, where flat memory is the question, pay it.
    /// </summary>
    private async Task SampleMemoryAsync(TimeSpan duration, List<ServerMemorySample> samples, long started, CancellationToken cancellationToken)
    {
        for (var minute = 1; MemorySampleInterval * minute <= duration; minute++)
        {
            await DelayUntilAsync(started, MemorySampleInterval * minute, cancellationToken).ConfigureAwait(false);
            var memory = await control.MemoryAsync(collect: true, cancellationToken).ConfigureAwait(false);
            samples.Add(new ServerMemorySample(minute, memory.WorkingSetBytes, memory.ManagedHeapBytes, memory.Connections));
        }
    }

    private static async Task DelayUntilAsync(long started, TimeSpan offset, CancellationToken cancellationToken)
    {
        var wait = offset - Stopwatch.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits <paramref name="duration"/> while every client sends upstream at the scenario's rate (if any): exactly
    /// round(duration × rate) messages each, at fixed offsets, so every transport carries the same upstream load.
    /// Returns once every send has completed, so no upstream message is sent across a window edge.
    /// </summary>
    private static async Task<UpstreamCount> RunUpstreamAsync(Scenario scenario, List<ITransportClient> clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var rate = scenario.UpstreamRateHz;
        var perClient = rate <= 0 ? 0 : (int)Math.Round(duration.TotalSeconds * rate);
        if (perClient > 0)
        {
            await Task.WhenAll(clients.Select(async client =>
            {
                for (var k = 0; k < perClient; k++)
                {
                    // Mid-slot: message k goes out at (k + ½) / rate, never at an edge.
                    var due = started + (long)((k + 0.5) / rate * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }

                    await client.SendAsync(EventMessage.Create(k, Stopwatch.GetTimestamp(), scenario.PayloadBytes), cancellationToken).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
        }

        var rest = duration - Stopwatch.GetElapsedTime(started);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
        }

        var messages = (long)perClient * clients.Count;
        return new UpstreamCount(messages, messages * scenario.PayloadBytes);
    }

    /// <summary>
    /// Pauses publishing and waits (bounded) until every client has the last event. Drained is false when some
    /// client had not caught up in time (its missing events count as lost).
    /// </summary>
    private async Task<(long LastSequence, bool Drained)> PauseAndDrainAsync(Scenario scenario, ScenarioServer server, string step, List<ClientRecorder> recorders, CancellationToken cancellationToken)
    {
        // The coordinator pauses the feed; every shard drains to the position it brings to the barrier.
        long? paused = _shards.IsCoordinator ? (await control.PauseAsync(cancellationToken).ConfigureAwait(false)).LastSequence : null;
        var last = await _shards.PassAsync(scenario, step, paused, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the coordinating shard brought no feed position to '{step}'");
        var limit = DrainTimeout + (scenario.PollInterval * DrainPollIntervals) + PathAllowance(scenario);
        // A Node server has the last event once its bridge does; its clients then.
        var drained = await WaitUntilAsync(() => server.HasAsync(last, cancellationToken), limit, cancellationToken).ConfigureAwait(false)
            && await WaitUntilAsync(() => Task.FromResult(recorders.All(r => r.MaxSequence >= last)), limit, cancellationToken).ConfigureAwait(false);
        return (last, drained);
    }

    /// <summary>Waits until the server has taken in every upstream message sent, so none lands after an edge.</summary>
    private async Task<bool> WaitForUpstreamAsync(long sent, CancellationToken cancellationToken) =>
        sent == 0 || await WaitUntilAsync(
            async () => (await control.StatsAsync(cancellationToken).ConfigureAwait(false)).UpstreamReceived >= sent,
            UpstreamTimeout,
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Client and server counters at one quiet instant: neither side's count (nor the kernel's segment count of the
    /// clients' sockets) moves while all are read, so no request or response is half counted (polling clients keep
    /// polling at the edges). Quiet is false when no such instant came within the attempts; the last reading is used then.
    /// </summary>
    private static async Task<(WireSnapshot Client, TcpTotals? Tcp, ServerStats Server, bool Quiet)> SnapshotAsync(Scenario scenario, ScenarioServer counted, ServerPath path, List<ClientRecorder> recorders, SocketLedger? sockets, CancellationToken cancellationToken)
    {
        // Polls keep going at the edges; over an emulated path one can be half way across for a round trip, so
        // there the search lasts long enough to see a gap between polls.
        const int Attempts = 50;
        var deadline = Stopwatch.GetTimestamp() + (long)(PathAllowance(scenario).TotalSeconds * Stopwatch.Frequency);
        var client = Sum(recorders, sockets);
        var tcp = sockets?.Snapshot();
        var server = await counted.StatsAsync(cancellationToken).ConfigureAwait(false);
        // Over a relay, a response the server counted as sent can wait in the relay's socket, not yet on a link (a
        // loaded machine delays the relay's read): there an instant counts only when the next reading, a few
        // milliseconds on, agrees too.
        var needed = path.HasRelay ? 2 : 1;
        var gap = TimeSpan.FromMilliseconds(path.HasRelay ? 5 : 1);
        var quietInARow = 0;
        for (var attempt = 0; attempt < Attempts || Stopwatch.GetTimestamp() < deadline; attempt++)
        {
            var clientAgain = Sum(recorders, sockets);
            var tcpAgain = sockets?.Snapshot();
            var serverAgain = await counted.StatsAsync(cancellationToken).ConfigureAwait(false);
            var quiet = clientAgain == client && tcpAgain == tcp && serverAgain.Wire == server.Wire && path.OnTheWayBytes == 0;
            quietInARow = quiet ? quietInARow + 1 : 0;
            if (quietInARow == needed)
            {
                return (client, tcp, server, true);
            }

            (client, tcp, server) = (clientAgain, tcpAgain, serverAgain);
            await Task.Delay(gap, cancellationToken).ConfigureAwait(false);
        }

        return (client, tcp, server, false);
    }

    /// <summary>
    /// The extra time an emulated path may need to carry what was sent: a few round trips with their jitter, a poll
    /// interval, and the window's events serialized at the bandwidth (a slow link queues them, it does not drop them).
    /// </summary>
    private static TimeSpan PathAllowance(Scenario scenario)
    {
        // A connection an idle cut closed is opened again before its events arrive: allow a reconnect or two.
        var proxy = scenario.ProxyMode.IdleCut > TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        if (scenario.Conditions.IsNone)
        {
            return proxy;
        }

        const int GuessedOverheadBytesPerEvent = 512;
        var roundTrips = 4 * (scenario.Rtt + (2 * scenario.Jitter));
        var bytes = scenario.RateHz * scenario.Duration.TotalSeconds * scenario.Clients * (scenario.PayloadBytes + GuessedOverheadBytesPerEvent);
        var serialization = scenario.BandwidthBitsPerSecond > 0 ? TimeSpan.FromSeconds(bytes * 8 / scenario.BandwidthBitsPerSecond) : TimeSpan.Zero;
        return roundTrips + scenario.PollInterval + serialization + proxy;
    }

    /// <summary>
    /// The fallback client's probe: 3 s, or the time four events take at a low rate, plus a round trip or two of the path,
    /// so a healthy stream is never judged buffered for an event that was simply not published yet.
    /// </summary>
    private static TimeSpan FallbackProbe(Scenario scenario) =>
        TimeSpan.FromSeconds(Math.Max(3, 4 / Math.Max(scenario.RateHz, 1e-3))) + (2 * (scenario.Rtt + scenario.Jitter));

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// The clients' counters, their bytes in as they reached the sockets: read, or waiting there unread. Counted at the
    /// read, a pooled connection's TLS session tickets, sent by the server as its handshake ends and read by the
    /// client only when it next uses the connection, fell on one side of a window edge at the server and on the other
    /// at the client.
    /// </summary>
    private static WireSnapshot Sum(List<ClientRecorder> recorders, SocketLedger? sockets)
    {
        var total = default(WireSnapshot);
        foreach (var recorder in recorders)
        {
            total += recorder.Counter.Snapshot();
        }

        return sockets is null ? total : total with { BytesIn = total.BytesIn + sockets.UnreadBytes() };
    }

    private static async Task CloseAsync(List<ITransportClient> clients)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        await Task.WhenAll(clients.Select(async client =>
        {
            try
            {
                await client.CloseAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // The figures are already taken; a client slow to say goodbye is disposed below regardless.
            }
            finally
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
    }
}

/// <summary>Upstream messages sent by the clients and their payload bytes.</summary>
public readonly record struct UpstreamCount(long Messages, long PayloadBytes)
{
    public static UpstreamCount operator +(UpstreamCount a, UpstreamCount b) => new(a.Messages + b.Messages, a.PayloadBytes + b.PayloadBytes);

    public static UpstreamCount Add(UpstreamCount a, UpstreamCount b) => a + b;
}
