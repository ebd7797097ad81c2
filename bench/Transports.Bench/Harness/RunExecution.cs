using System.Diagnostics;
using Spectre.Console;
using Transports.Results;
using Transports.Results.Shards;

namespace Transports.Bench.Harness;

/// <summary>
/// Executes a plan against a server (one started for it, or --server), writing each scenario's result the
/// moment it completes. Shared by `run`, `ci` and `baseline`.
/// </summary>
public static class RunExecution
{
    /// <summary>What a scenario takes beyond warm-up and window (connect, drain, close), for the time estimate only.</summary>
    private static readonly TimeSpan ScenarioOverheadEstimate = TimeSpan.FromSeconds(0.6);

    public sealed record Outcome(RunResults Results, RunOutput Output, bool Interrupted);

    /// <summary>The plan's matrix against <paramref name="controlUri"/>, or a server started with <paramref name="serverArguments"/>.</summary>
    public static Task<Outcome> ExecuteAsync(
        RunPlan plan,
        string commandLine,
        Uri? controlUri,
        IEnumerable<string> serverArguments,
        string directory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ExecuteAsync(plan, new FixedSchedule(plan.Scenarios()), commandLine, new ServerChoice(controlUri, null, [.. serverArguments]), directory, cancellationToken);
    }

    public static async Task<Outcome> ExecuteAsync(
        RunPlan plan,
        IScenarioSchedule schedule,
        string commandLine,
        ServerChoice serverChoice,
        string directory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(serverChoice);
        if (serverChoice.ControlUri is null)
        {
            // The server this run starts gets what the plan asks of it (the STOMP heart-beat it offers).
            serverChoice = serverChoice with { Arguments = [.. serverChoice.Arguments ?? [], .. plan.ServerArguments()] };
        }

        var environment = EnvironmentInfo.Capture(commandLine, serverChoice.ControlUri?.ToString() ?? "process");
        var output = RunOutput.Create(directory, schedule.Planned, environment, Settings(plan));
        var perScenario = plan.Warmup + plan.Duration + ScenarioOverheadEstimate;
        AnsiConsole.MarkupLineInterpolated($"[bold]Transports[/]: {schedule.Describe(perScenario)}, profile {plan.Profile}. Results: {output.Directory}");

        var interrupted = false;
        await using (var server = await ServerConnection.OpenAsync(serverChoice, cancellationToken).ConfigureAwait(false))
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]server: {server.Target.HttpUri} (tcp {server.Target.TcpEndPoint}, control {server.Target.ControlUri})[/]");
            var shards = await JoinAsync(server, serverChoice.Share, schedule.Planned, output.Directory, cancellationToken).ConfigureAwait(false);
            await using var browsers = new Browser.BrowserClients();
            // Node-hosted transports: their servers start on first use, fed from our server's tcp floor.
            await using var nodes = new NodeServers(server.Target.TcpEndPoint);
            // One plain line, never wrapped, so it reads whole in a log.
            nodes.Missing += line => Console.Out.WriteLine($"Node-hosted transports ({string.Join(", ", NodeServer.Kinds.Keys)}) are skipped: {line}");
            var runner = new ScenarioRunner(server.Target, server.Control, shards.Sync, server.SharesClock, browsers, nodes);
            if (shards.SamplesPath is { } samplesPath)
            {
                runner.Measured += measurement => SampleFile.Append(samplesPath, MeasurementSamples.Of(measurement));
            }

            async Task RunAllAsync(Action<string> status)
            {
                async Task<ScenarioResult> MeasureAsync(Scenario planned, string step, TimeSpan? left, CancellationToken token)
                {
                    var scenario = shards.Sync.Share.Apply(planned);
                    var remaining = left is { } time ? $" · about {time.TotalSeconds:0} s left" : "";
                    void Show(Scenario s, string phase) => status(Markup.Escape($"{step} {s.Name}: {phase}{remaining}"));
                    runner.Phase += Show;
                    var watch = Stopwatch.StartNew();
                    ScenarioResult result;
                    try
                    {
                        result = await runner.RunAsync(scenario, token).ConfigureAwait(false);
                    }
                    catch (NodeMissingException e)
                    {
                        // Said once, in one line, when the first Node server could not start (nodes.Missing).
                        result = ScenarioResults.Skipped(scenario, e.Message);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && token.IsCancellationRequested))
                    {
                        // One scenario failing must not lose the others: record it and go on.
                        result = ScenarioResults.Failed(scenario, e);
                    }
                    finally
                    {
                        runner.Phase -= Show;
                    }

                    output.Add(result);
                    ReportProgress(step, result, watch.Elapsed);
                    return result;
                }

                try
                {
                    await schedule.RunAsync(MeasureAsync, output, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    interrupted = true;
                }
            }

            // A live status line where someone is watching; plain lines in logs and CI.
            if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                await RunAllAsync(_ => { }).ConfigureAwait(false);
            }
            else
            {
                await AnsiConsole.Status().StartAsync("starting", context => RunAllAsync(text => context.Status(text))).ConfigureAwait(false);
            }
        }

        return new Outcome(output.Finish(interrupted), output, interrupted);
    }

    /// <summary>
    /// Joins the other client shards, if any: numbers an auto share, leaves the feed to the coordinator, and starts
    /// samples.bin, where a shard keeps its raw samples for `results merge`.
    /// </summary>
    private static async Task<(ShardSync Sync, string? SamplesPath)> JoinAsync(ServerConnection server, ClientShare share, IReadOnlyList<Scenario> scenarios, string directory, CancellationToken cancellationToken)
    {
        if (share.Shares == 1)
        {
            return (ShardSync.Solo, null);
        }

        AnsiConsole.MarkupLineInterpolated($"[grey]client share {share}: waiting for the other shards[/]");
        var sync = await ShardSync.JoinAsync(server.Control, share, scenarios.Select(s => s.Name), cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"[grey]client share {sync.Share}{(sync.IsCoordinator ? ", coordinating the feed" : "")}[/]");
        if (!sync.IsCoordinator)
        {
            server.LeaveFeedAlone();
        }

        return (sync, SampleFile.Create(directory, Stopwatch.Frequency, sync.Share.Share!.Value, sync.Share.Shares));
    }

    private static void ReportProgress(string step, ScenarioResult r, TimeSpan elapsed)
    {
        var label = $"{step} {r.Name}";
        if (ScenarioStatus.IsSkipped(r))
        {
            AnsiConsole.MarkupLineInterpolated($"{label}  [yellow]skipped[/]");
            return;
        }

        if (!ScenarioStatus.IsOk(r))
        {
            AnsiConsole.MarkupLineInterpolated($"{label}  [red]failed: {r.Error}[/]");
            return;
        }

        // Forced disconnects: what a reader checks first is that nothing was lost or repeated, and that they happened.
        var drops = r.DropEveryMs > 0 ? $"  dup {r.Duplicates}  reconnects {r.Reconnects}  after-drop p99 {r.AfterDropLatencyMs?.P99 ?? 0:0.###} ms" : "";
        // Over an emulated path, how late this machine ran the emulator's timers: delay the model did not ask for.
        var lateness = r.Relay is { } relay ? $"  emulator late {relay.MeanLatenessMs:0.#} ms mean, {relay.PeakLatenessMs:0.#} max" : "";
        AnsiConsole.MarkupLineInterpolated(
            $"{label}  {r.OverheadBytesPerEvent,8:0.##} B/event  {r.RequestsPerEvent,6:0.###} req/event  p50 {r.LatencyMs.P50,7:0.###} ms  p99 {r.LatencyMs.P99,7:0.###} ms  lost {r.EventsLost}{drops}{lateness}  [grey]({elapsed.TotalSeconds:0.0} s)[/]");
    }

    private static RunSettings Settings(RunPlan plan) => new()
    {
        Profile = plan.Profile,
        Transports = [.. plan.Transports],
        PayloadBytes = [.. plan.PayloadBytes],
        RatesHz = [.. plan.RatesHz],
        Clients = [.. plan.Clients],
        PollIntervalsMs = [.. plan.PollIntervals.Select(p => p.TotalMilliseconds)],
        UpstreamRateHz = plan.UpstreamRateHz,
        DurationSeconds = plan.Duration.TotalSeconds,
        WarmupSeconds = plan.Warmup.TotalSeconds,
        Windows = plan.Windows,
        Seed = plan.Seed,
    };
}
