using System.Globalization;
using System.Net;
using System.Text;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Network;

namespace Transports.Bench.Interop;

/// <summary>
/// Official clients against ours, same server, same events, counted the same way. Per case and client: a fresh
/// counting relay (no delay, adds no bytes) in front of the library's server; the client connects through it and
/// subscribes; once the relay has been quiet for <see cref="InteropOptions.Quiet"/> its counts are the setup bytes;
/// then <see cref="InteropOptions.Events"/> events are published one at a time, each awaited at the client; once the
/// relay is quiet again, what it carried since setup divided by the events is the figure per event. The server is
/// `serve` (SignalR in Kestrel) and the real Socket.IO server fed from its tcp floor. Pings fall outside: a case
/// takes seconds, both servers ping every 15 s or more.
/// </summary>
public static class InteropComparison
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<InteropComparisonRow>> RunAsync(ServerTarget target, ServerControlClient control, InteropOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(options);
        await control.PauseAsync(cancellationToken).ConfigureAwait(false);
        await using var socketIo = await NodeServer.StartAsync("socketio", target.TcpEndPoint, [], cancellationToken).ConfigureAwait(false);
        var rows = new List<InteropComparisonRow>();
        foreach (var @case in options.Cases)
        {
            var server = @case.Library == InteropCase.SignalR ? new Uri(target.HttpUri, TransportPaths.SignalR) : socketIo.HttpUri;
            var official = new List<InteropFigures>();
            var ours = new List<InteropFigures>();
            // One run each; where the library races, at least RacingRuns each, more until a run of each took the same path.
            while (official.Count < (@case.Races ? options.RacingRuns : 1) || (official.Count < options.MaxRuns && !new InteropComparisonRow(@case, official, ours).Settled))
            {
                // Interleaved, so both clients see the machine in the same state.
                official.Add(await MeasureAsync(@case, server, options, control, async url => await OfficialLibraryClient.StartAsync(@case.Library, @case.Transport, url, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
                progress?.Invoke($"{@case} official: {Describe(official[^1])}");
                ours.Add(await MeasureAsync(@case, server, options, control, url => Task.FromResult<IInteropClient>(new OurLibraryClient(@case.Library, @case.Transport, url)), cancellationToken).ConfigureAwait(false));
                progress?.Invoke($"{@case} ours:     {Describe(ours[^1])}");
            }

            rows.Add(new InteropComparisonRow(@case, official, ours));
        }

        return rows;
    }

    /// <summary>The comparison as a markdown table: setup and per-event bytes down and up, official and ours, and the largest difference.</summary>
    public static string Table(IEnumerable<InteropComparisonRow> rows, int payloadBytes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| library | transport | negotiated | setup down B (official / ours) | setup up B | per event down B ({payloadBytes} B payload) | per event up B | largest difference | within 5% | setup connections per run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var largest = row.Figures.MaxBy(f => Math.Abs(f.Difference));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Case.Library} | {row.Case.Transport} | {row.Official.Negotiated} / {row.Ours.Negotiated} | {row.Official.SetupDown:N0} / {row.Ours.SetupDown:N0} | {row.Official.SetupUp:N0} / {row.Ours.SetupUp:N0} | {row.Official.PerEventDown:0.#} / {row.Ours.PerEventDown:0.#} | {row.Official.PerEventUp:0.#} / {row.Ours.PerEventUp:0.#} | {largest.Figure} {largest.Difference:+0.0%;-0.0%;0.0%} | {(row.Agrees ? "yes" : "NO")} | {row.Paths} |");
        }

        return text.ToString();
    }

    private static string Describe(InteropFigures f) =>
        string.Create(CultureInfo.InvariantCulture, $"on {f.Negotiated}, setup {f.SetupDown} B down {f.SetupUp} B up over {f.SetupConnections} connections, per event {f.PerEventDown:0.##} B down {f.PerEventUp:0.##} B up ({f.Events} events)");

    private static async Task<InteropFigures> MeasureAsync(InteropCase @case, Uri server, InteropOptions options, ServerControlClient control, Func<Uri, Task<IInteropClient>> start, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.CaseTimeout);
        var token = bound.Token;
        await using var relay = new NetworkRelay(
            [new RelayTarget(new IPEndPoint(IPAddress.Parse(server.Host), server.Port))],
            new NetworkRelayOptions { Conditions = NetworkConditions.Create(options.Rtt) });
        await relay.StartAsync(token).ConfigureAwait(false);
        var client = await start(relay.UriFor(server)).ConfigureAwait(false);
        try
        {
            var negotiated = await client.ReadyAsync(token).ConfigureAwait(false);
            var (setupUp, setupDown) = await QuietAsync(relay, options.Quiet, token).ConfigureAwait(false);
            var connections = relay.Counters.Accepted;
            for (var i = 1; i <= options.Events; i++)
            {
                await control.PublishAsync(1, options.PayloadBytes, token).ConfigureAwait(false);
                await client.WaitForEventsAsync(i, token).ConfigureAwait(false);
            }

            var (up, down) = await QuietAsync(relay, options.Quiet, token).ConfigureAwait(false);
            return new InteropFigures(client.Name, negotiated, setupDown, setupUp, down - setupDown, up - setupUp, options.Events, connections);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{@case} ({client.Name} client) did not finish within {options.CaseTimeout.TotalSeconds:0} s");
        }
        finally
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The relay's totals (to the server, to the client) once nothing has crossed it for <paramref name="quiet"/>.</summary>
    private static async Task<(long Up, long Down)> QuietAsync(NetworkRelay relay, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var last = Read();
        var stillSince = TimeProvider.System.GetTimestamp();
        while (true)
        {
            await Task.Delay(Sample, cancellationToken).ConfigureAwait(false);
            var now = Read();
            if (now != last || relay.OnTheWayBytes != 0)
            {
                last = now;
                stillSince = TimeProvider.System.GetTimestamp();
            }
            else if (TimeProvider.System.GetElapsedTime(stillSince) >= quiet)
            {
                return now;
            }
        }

        (long, long) Read() => (relay.ToServer.Counters.Bytes, relay.ToClient.Counters.Bytes);
    }
}

/// <summary>The comparison's settings.</summary>
public sealed record InteropOptions
{
    /// <summary>Events per client run, published one at a time.</summary>
    public int Events { get; init; } = 20;

    public int PayloadBytes { get; init; } = 16;

    /// <summary>How long the relay must carry nothing before its counts are read.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest one client's run may take.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<InteropCase> Cases { get; init; } = InteropCase.All;

    /// <summary>The relay's round-trip time (0: a plain counting pass-through).</summary>
    public TimeSpan Rtt { get; init; } = TimeSpan.Zero;

    /// <summary>Runs of each client at least where the library races (<see cref="InteropCase.Races"/>).</summary>
    public int RacingRuns { get; init; } = 2;

    /// <summary>Runs of each client per case at most, while their runs share no path.</summary>
    public int MaxRuns { get; init; } = 6;
}
