using System.Security.Cryptography;
using System.Text;

namespace Transports.Bench.Harness;

/// <summary>
/// How the client shards of one run (`run --client-share K/N` on several hosts) measure one window of the one
/// feed. Every shard runs the same plan against the same server; at each step of a scenario (connected, warm-up
/// paused, drained, armed, measured, paused, drained, closed) it waits on a barrier of the server's control plane
/// until all N have reached it. Only share 1, the coordinator, drives the feed (pause, rate, upstream reset) and
/// brings the feed position to the barriers after a pause; the others take it from there. So every shard arms
/// on the same first sequence and counts the same published range, and merged counts add up exactly.
/// Limits: the shards must run the same plan (the barrier keys are the scenario names under a key derived from
/// the plan), one sharded run of a plan at a time per server, and a shard that fails a scenario makes the others
/// wait out the step's limit before they fail it too.
/// </summary>
public sealed class ShardSync
{
    /// <summary>What a step may wait beyond the scenario's warm-up and window (connect, drain, a slow host).</summary>
    private static readonly TimeSpan StepSlack = TimeSpan.FromSeconds(60);

    private readonly ServerControlClient? _control;
    private readonly string _runKey;

    private ShardSync(ServerControlClient? control, ClientShare share, string runKey)
    {
        _control = control;
        Share = share;
        _runKey = runKey;
    }

    /// <summary>A run on one host: every step passes at once with the value it was given.</summary>
    public static ShardSync Solo { get; } = new(null, ClientShare.Whole, "");

    public ClientShare Share { get; }

    public bool IsCoordinator => Share.IsCoordinator;

    /// <summary>
    /// Joins the other shards of the plan named by <paramref name="scenarioNames"/>: waits until all have arrived and
    /// numbers an auto share by its arrival. A whole run (1/1) joins nobody.
    /// </summary>
    public static async Task<ShardSync> JoinAsync(ServerControlClient control, ClientShare share, IEnumerable<string> scenarioNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(share);
        if (share.Shares == 1)
        {
            return Solo;
        }

        var runKey = RunKey(scenarioNames, share.Shares);
        var pass = await control.BarrierAsync($"{runKey}/join", share.Shares, ServerControlClient.MaxBarrierWait, null, cancellationToken).ConfigureAwait(false);
        return new ShardSync(control, share.Share is null ? share.Numbered(pass.Arrival) : share, runKey);
    }

    /// <summary>
    /// Waits until every shard has reached <paramref name="step"/> of <paramref name="scenario"/>; returns the value
    /// the coordinator brought (or <paramref name="value"/> alone on one host).
    /// </summary>
    public async Task<long?> PassAsync(Scenario scenario, string step, long? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (_control is null)
        {
            return value;
        }

        // The first step also waits for a shard still waiting out a failed scenario's step.
        var limit = StepSlack + scenario.Warmup + scenario.Duration;
        var wait = step == "connected" ? limit * 2 : limit;
        var pass = await _control.BarrierAsync($"{_runKey}/{scenario.Name}/{step}", Share.Shares, wait, value, cancellationToken).ConfigureAwait(false);
        return pass.Value;
    }

    /// <summary>The same for every shard given the same plan: a hash of its scenario names and the number of shares.</summary>
    public static string RunKey(IEnumerable<string> scenarioNames, int shares)
    {
        ArgumentNullException.ThrowIfNull(scenarioNames);
        var text = string.Join('\n', scenarioNames.Append(shares.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "run-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
