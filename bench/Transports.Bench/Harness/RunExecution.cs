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

    public static async Task<Outcome> ExecuteAsync(
        RunPlan plan,
        string commandLine,
        Uri? controlUri,
        IEnumerable<string> serverArguments,
        string directory,
        CancellationToken cancellationToken,
        RemoteRun? remote = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        remote ??= RemoteRun.Local;
        var scenarios = plan.Scenarios();
        var environment = EnvironmentInfo.Capture(commandLine, controlUri?.ToString() ?? "process");
        var output = RunOutput.Create(directory, scenarios, environment, Settings(plan));
        var perScenario = plan.Warmup + plan.Duration + ScenarioOverheadEstimate;
        AnsiConsole.MarkupLineInterpolated($"[bold]Transports[/]: {scenarios.Count} scenarios, profile {plan.Profile}, about {(perScenario * scenarios.Count).TotalSeconds:0} s. Results: {output.Directory}");

        var interrupted = false;
        await using (var server = await ServerConnection.OpenAsync(controlUri, cancellationToken, serverArguments, remote.Token).ConfigureAwait(false))
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]server: {server.Target.HttpUri} (tcp {server.Target.TcpEndPoint}, control {server.Target.ControlUri})[/]");
            var shards = await JoinAsync(server, remote.Share, scenarios, output.Directory, cancellationToken).ConfigureAwait(false);
            var runner = new ScenarioRunner(server.Target, server.Control, shards.Sync);
            if (shards.SamplesPath is { } samplesPath)
            {
                runner.Measured += measurement => SampleFile.Append(samplesPath, MeasurementSamples.Of(measurement));
            }

            var started = Stopwatch.StartNew();

            async Task RunAllAsync(Action<string> status)
            {
                for (var i = 0; i < scenarios.Count; i++)
                {
                    var scenario = shards.Sync.Share.Apply(scenarios[i]);
                    var left = i == 0 ? perScenario * scenarios.Count : started.Elapsed / i * (scenarios.Count - i);
                    runner.Phase += Show;
                    var watch = Stopwatch.StartNew();
                    ScenarioResult result;
                    try
                    {
                        result = NotPublishable(scenario) is { } reason
                            ? ScenarioResults.Failed(scenario, reason)
                            : await runner.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        interrupted = true;
                        return;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // One scenario failing must not lose the others: record it and go on.
                        result = ScenarioResults.Failed(scenario, e);
                    }
                    finally
                    {
                        runner.Phase -= Show;
                    }

                    output.Add(result);
                    ReportProgress(i + 1, scenarios.Count, result, watch.Elapsed);

                    void Show(Scenario s, string phase) =>
                        status(Markup.Escape($"[{i + 1}/{scenarios.Count}] {s.Name}: {phase} · about {left.TotalSeconds:0} s left"));
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

    /// <summary>
    /// Why the server cannot publish the scenario's events as its settings say, or null. The feed keeps a fixed
    /// schedule only: `POST /control/feed` takes no arrivals yet (the emulator's work adds them). A scenario of
    /// another kind fails with this reason rather than being measured on fixed arrivals under another name.
    /// </summary>
    internal static string? NotPublishable(Scenario scenario) =>
        string.Equals(scenario.Arrivals, Arrival.Fixed, StringComparison.Ordinal)
            ? null
            : $"the server publishes {Arrival.Fixed} arrivals only; {scenario.Arrivals} arrivals are not implemented yet";

    private static void ReportProgress(int done, int total, ScenarioResult r, TimeSpan elapsed)
    {
        var label = $"[{done,2}/{total}] {r.Name}";
        if (!ScenarioStatus.IsOk(r))
        {
            AnsiConsole.MarkupLineInterpolated($"{label}  [red]failed: {r.Error}[/]");
            return;
        }

        AnsiConsole.MarkupLineInterpolated(
            $"{label}  {r.OverheadBytesPerEvent,8:0.##} B/event  {r.RequestsPerEvent,6:0.###} req/event  p50 {r.LatencyMs.P50,7:0.###} ms  lost {r.EventsLost}  [grey]({elapsed.TotalSeconds:0.0} s)[/]");
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
    };
}
