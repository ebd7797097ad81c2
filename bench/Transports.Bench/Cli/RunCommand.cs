using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Network;
using Transports.Results;
using Transports.Servers;

namespace Transports.Bench.Cli;

/// <summary>`run`: the suite's main job. Builds the scenario matrix, measures each scenario, writes as it goes.</summary>
public static class RunCommand
{
    private static readonly Option<string?> TransportsOption = new("--transports") { Description = $"Transports to compare (tcp always runs as the floor): {string.Join(",", TransportIds.All)}", HelpName = "list" };
    private static readonly Option<string?> PayloadOption = new("--payload") { Description = $"Event payload sizes in bytes, {EventMessage.MinSize}..{EventMessage.MaxSize} [profile default: 16,1024]", HelpName = "bytes,..." };
    private static readonly Option<string?> RateOption = new("--rate") { Description = "Events published per second [profile default: 10]", HelpName = "hz,..." };
    private static readonly Option<string?> ClientsOption = new("--clients") { Description = "Concurrent subscribers [profile default: 1,25]", HelpName = "n,..." };
    private static readonly Option<string?> PollIntervalOption = new("--poll-interval") { Description = "Polling client's interval [profile default: 250ms]", HelpName = "duration,..." };
    private static readonly Option<string?> UpstreamRateOption = new("--upstream-rate") { Description = "Messages per second each client sends upstream [default: 0, none]", HelpName = "hz" };
    private static readonly Option<string?> ArrivalsOption = new("--arrivals") { Description = $"How the feed spaces events: {Arrival.Poisson} (exponential gaps, the given mean rate) or {Arrival.Fixed} (exactly 1/rate) [profile default: {Arrival.Poisson}; ci: {Arrival.Fixed}]", HelpName = "kind,..." };
    private static readonly Option<string?> ClientProfileOption = new("--client-profile") { Description = $"Request headers the clients send: {string.Join(", ", ClientProfiles.All)} (files under contract/profiles) [default: {ClientProfiles.Minimal}]", HelpName = "name,..." };
    private static readonly Option<string?> TlsOption = new("--tls") { Description = "TLS under every transport, tcp too: --tls alone is on; a list (off,on) measures both [default: off]", HelpName = "on|off,...", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string?> HttpOption = new("--http") { Description = $"HTTP version of the HTTP transports and the WebSocket handshake: {string.Join(", ", HttpVersions.All)} (2: h2c, or h2 with --tls; WebSocket by RFC 8441) [default: {HttpVersions.Http11}]", HelpName = "version,..." };
    private static readonly Option<string?> KeepAliveOption = new("--keep-alive") { Description = "off: polling and long polling open a new connection for every request [default: on]", HelpName = "on|off,..." };
    private static readonly Option<string?> CompressionOption = new("--compression") { Description = $"{string.Join(", ", ContentCodings.All)}: HTTP bodies in that content coding, WebSocket with permessage-deflate [default: {ContentCodings.None}]", HelpName = "coding,..." };
    private static readonly Option<string?> StompHeartbeatOption = new("--stomp-heartbeat") { Description = "STOMP heart-beat the clients ask for both ways, e.g. 10s (0: none); the server run starts offers the shortest [default: 0, none]", HelpName = "duration,..." };
    private static readonly Option<string?> SignalRTransportOption = new("--signalr-transport") { Description = $"SignalR's transport, signalr scenarios only: {string.Join(", ", LibraryTransports.SignalR)} [default: {LibraryTransports.Auto}: negotiate, WebSockets first, falling back as @microsoft/signalr does]", HelpName = "name,..." };
    private static readonly Option<string?> SocketIoTransportOption = new("--socketio-transport") { Description = $"Socket.IO's transport, socketio scenarios only: {string.Join(", ", LibraryTransports.SocketIo)} [default: {LibraryTransports.Auto}: polling, then the upgrade to websocket, as socket.io-client does]", HelpName = "name,..." };
    private static readonly Option<string?> SockJsTransportOption = new("--sockjs-transport") { Description = $"SockJS's transport, sockjs scenarios only: {string.Join(", ", LibraryTransports.SockJs)} [default: {LibraryTransports.Auto}: websocket, then xhr-streaming, then xhr-polling, as sockjs-client tries them]", HelpName = "name,..." };
    private static readonly Option<string?> ProxyOption = new("--proxy") { Description = $"A hostile intermediary in front of the server's ports (the relay runs even without --rtt): {ProxyMode.NoneName}; {ProxyMode.NoUpgradeName} (a WebSocket upgrade gets 403 from the proxy); {ProxyMode.BufferingName} (a streamed response's body is held until {ProxyMode.BufferBytes / 1024} KiB or its end); {ProxyMode.IdleCutName}=DURATION (a connection idle that long is closed); join modes with +, e.g. no-upgrade+buffering; HTTP/1.1 without TLS for the first two; a list is a comparison [default: {ProxyMode.NoneName}]", HelpName = "mode,..." };
    private static readonly Option<string?> CoalesceOption = new("--coalesce") { Description = $"Streaming servers' write coalescing: {string.Join(", ", Coalescing.All)} (both: a comparison) [default: {Coalescing.On}]", HelpName = "on|off,..." };
    private static readonly Option<bool> NoCoalesceOption = new("--no-coalesce") { Description = "Streaming servers flush every event on its own: the same as --coalesce off [default: coalesce]" };
    private static readonly Option<string?> RttOption = new("--rtt") { Description = "Round-trip time of an emulated path between clients and server (an in-process relay, half each way), e.g. 100ms [default: 0, no emulator; profile wan: 0,50ms,100ms,200ms]", HelpName = "delay,..." };
    private static readonly Option<string?> JitterOption = new("--jitter") { Description = "Jitter of each direction, ± this much, e.g. 5ms; applies where it is at most half the RTT [default: 0]", HelpName = "delay,..." };
    private static readonly Option<string?> BandwidthOption = new("--bandwidth") { Description = "Bandwidth of the path each way, decimal SI: 10mbit, 500kbit, 1gbit, or none [default: none]", HelpName = "rate,..." };
    private static readonly Option<string?> NetworkOption = new("--network") { Description = $"A named path instead of --rtt/--jitter/--bandwidth: {string.Join("; ", NetworkPresets.All.Select(p => p.Summary))}", HelpName = "name,..." };
    private static readonly Option<string?> SeedOption = new("--seed") { Description = "Seed of Poisson gaps, jitter draws and polling phases, to replay a run [default: a new one each run, recorded in results.json; ci: 1]", HelpName = "n" };
    private static readonly Option<string?> ClientKindOption = new("--client-kind") { Description = $"Who the clients are: {string.Join(", ", ClientKinds.All)} (headless Chromium pages through the browser's own fetch, EventSource and WebSocket; up to {Browser.BrowserClients.MaxPages} clients; the tcp floor stays .NET; pages send Chromium's headers, labelled the browser profile, over plain HTTP/1.1 with keep-alive: --tls, --http 2, --keep-alive off and --client-profile lubbers2010 are refused with them) [default: {ClientKinds.Dotnet}]", HelpName = "kind,..." };
    private static readonly Option<string?> DropEveryOption = new("--drop-every") { Description = "Forced disconnects: the server aborts every transport connection at this interval inside the window, e.g. 1s; clients resume from their cursor [default: 0, never; profile soak: 5s]", HelpName = "duration,..." };
    private static readonly Option<string?> FindMaxOption = new("--find-max") { Description = $"Capacity search per transport: ramp {CapacitySearch.FindClients} (from --clients, default 100) or {CapacitySearch.FindRate} (from --rate, default 100, with --clients' first value, default 1) to the largest value meeting --p99 with nothing lost; writes capacity.json and charts/capacity.svg [default: off]", HelpName = "clients|rate" };
    private static readonly Option<string?> P99Option = new("--p99") { Description = "The latency bound of --find-max [default: 100ms]", HelpName = "duration" };
    private static readonly Option<string?> MaxTimeOption = new("--max-time") { Description = "Time the whole --find-max search may take; a step that would not fit is not started [default: 10m]", HelpName = "duration" };
    private static readonly Option<string?> TokenOption = new("--token") { Description = $"Bearer token for --server's control plane, as `serve` printed it [default: ${ControlAccess.TokenVariable}]", HelpName = "token" };
    private static readonly Option<string?> DurationOption = new("--duration") { Description = "Measured window per scenario, e.g. 10s [profile default: 3s, quick 1.5s, full 10s, soak 10m; --find-max steps 2s]", HelpName = "duration" };
    private static readonly Option<string?> WarmupOption = new("--warmup") { Description = "Warm-up before each window [profile default: 1s, soak 5s; --find-max steps 0.5s]", HelpName = "duration" };
    private static readonly Option<string?> WindowsOption = new("--windows") { Description = "Parts the window is split into for per-window latency [profile default: 3]", HelpName = "n" };
    private static readonly Option<string> ProfileOption = new("--profile") { Description = "quick (<30 s), default (<2 min), full, wan (RTT 0-200 ms, <3 min), rfc6202 (RFC 6202's latency figures at 100 ms RTT), soak (10 min per transport, 500 clients, drops every 5 s; fails unless nothing is lost and server memory stays flat)", DefaultValueFactory = _ => "default" };
    private static readonly Option<string?> ServerOption = new("--server") { Description = "Control URL of a running `serve` (default: start a server process)", HelpName = "url" };
    private static readonly Option<string?> ClientShareOption = new("--client-share") { Description = "Run share K of N of the clients against --server, the other shares on other hosts at once; `results merge` joins their folders. auto/N: numbered as the shards join [default: 1/1, all]", HelpName = "K/N" };
    private static readonly Option<string?> CrankJsonOption = new("--crank-json") { Description = "Also write the figures as crank measurements to this file; - prints them on stdout for a crank agent [default: none]", HelpName = "file" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Output folder (default: results/<UTC timestamp>)", HelpName = "dir" };
    private static readonly Option<bool> NoChartsOption = new("--no-charts") { Description = "Skip charts and report.html" };
    private static readonly ChartArguments Charts = new();

    /// <summary>The option that sets each scenario dimension (a test holds every dimension to having one).</summary>
    internal static IReadOnlyList<(ScenarioDimension Dimension, Option Option)> DimensionOptions { get; } =
    [
        (ScenarioDimensions.Payload, PayloadOption),
        (ScenarioDimensions.Rate, RateOption),
        (ScenarioDimensions.Clients, ClientsOption),
        (ScenarioDimensions.PollInterval, PollIntervalOption),
        (ScenarioDimensions.UpstreamRate, UpstreamRateOption),
        (ScenarioDimensions.Arrivals, ArrivalsOption),
        (ScenarioDimensions.ClientProfile, ClientProfileOption),
        (ScenarioDimensions.Tls, TlsOption),
        (ScenarioDimensions.HttpVersion, HttpOption),
        (ScenarioDimensions.KeepAlive, KeepAliveOption),
        (ScenarioDimensions.Compression, CompressionOption),
        (ScenarioDimensions.StompHeartbeat, StompHeartbeatOption),
        (ScenarioDimensions.Coalesce, CoalesceOption),
        (ScenarioDimensions.SignalRTransport, SignalRTransportOption),
        (ScenarioDimensions.DropEvery, DropEveryOption),
        (ScenarioDimensions.Rtt, RttOption),
        (ScenarioDimensions.Jitter, JitterOption),
        (ScenarioDimensions.Bandwidth, BandwidthOption),
        (ScenarioDimensions.Network, NetworkOption),
        (ScenarioDimensions.ClientKind, ClientKindOption),
        (ScenarioDimensions.SocketIoTransport, SocketIoTransportOption),
        (ScenarioDimensions.SockJsTransport, SockJsTransportOption),
        (ScenarioDimensions.Proxy, ProxyOption),
    ];

    public static Command Create()
    {
        var command = new Command("run", "Measure header overhead, requests per event, latency and delivery for every transport.");
        foreach (var option in (Option[])[TransportsOption, PayloadOption, RateOption, ClientsOption, PollIntervalOption, UpstreamRateOption, ArrivalsOption, ClientProfileOption, TlsOption, HttpOption, KeepAliveOption, CompressionOption, StompHeartbeatOption, SignalRTransportOption, SocketIoTransportOption, SockJsTransportOption, ProxyOption, CoalesceOption, NoCoalesceOption, RttOption, JitterOption, BandwidthOption, NetworkOption, SeedOption, DropEveryOption, ClientKindOption, DurationOption, WarmupOption, WindowsOption, ProfileOption, FindMaxOption, P99Option, MaxTimeOption, ServerOption, TokenOption, ClientShareOption, CrankJsonOption, OutOption, NoChartsOption])
        {
            command.Options.Add(option);
        }

        Charts.AddTo(command);
        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static readonly TimeSpan CapacityStepDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CapacityStepWarmup = TimeSpan.FromSeconds(0.5);

    /// <summary>--find-max's options, or null when no search was asked for.</summary>
    public static CapacitySearchOptions? ResolveSearch(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(FindMaxOption) is not { } find)
        {
            if (parse.GetValue(P99Option) is not null || parse.GetValue(MaxTimeOption) is not null)
            {
                throw new UsageException("--p99 and --max-time go with --find-max");
            }

            return null;
        }

        var options = new CapacitySearchOptions { Dimensions = ArgumentParsing.Choices(find, "--find-max", CapacitySearch.Dimensions) };
        if (parse.GetValue(P99Option) is { } p99)
        {
            options = options with { P99Bound = ArgumentParsing.Duration(p99, "--p99") };
        }

        if (parse.GetValue(MaxTimeOption) is { } maxTime)
        {
            options = options with { MaxTime = ArgumentParsing.Duration(maxTime, "--max-time") };
        }

        if (parse.GetValue(ClientsOption) is not null || parse.GetValue(RateOption) is not null)
        {
            var plan = ResolvePlan(parse);
            options = options with
            {
                StartClients = parse.GetValue(ClientsOption) is null ? options.StartClients : plan.Clients[0],
                StartRateHz = parse.GetValue(RateOption) is null ? options.StartRateHz : plan.RatesHz[0],
            };
        }

        return options;
    }

    /// <summary>The plan: the profile's defaults, overridden by whatever was given.</summary>
    public static RunPlan ResolvePlan(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var profile = parse.GetValue(ProfileOption) ?? "default";
        if (!RunPlan.ProfileNames.Contains(profile))
        {
            throw new UsageException($"--profile: unknown profile '{profile}' (known: {string.Join(", ", RunPlan.ProfileNames)})");
        }

        var plan = RunPlan.ForProfile(profile);
        if (parse.GetValue(TransportsOption) is { } transports)
        {
            // The floor runs in every comparison: it is what the others are measured against.
            plan = plan with { Transports = [.. ArgumentParsing.Transports(transports).Append(TransportIds.Floor).Distinct()] };
        }

        if (parse.GetValue(PayloadOption) is { } payload)
        {
            plan = plan with { PayloadBytes = ArgumentParsing.PositiveInts(payload, "--payload", EventMessage.MinSize, EventMessage.MaxSize) };
        }

        if (parse.GetValue(RateOption) is { } rate)
        {
            plan = plan with { RatesHz = ArgumentParsing.PositiveNumbers(rate, "--rate", RunPlan.MaxRateHz) };
        }

        if (parse.GetValue(ClientsOption) is { } clients)
        {
            plan = plan with { Clients = ArgumentParsing.PositiveInts(clients, "--clients", 1, 100_000) };
        }

        if (parse.GetValue(PollIntervalOption) is { } poll)
        {
            plan = plan with { PollIntervals = ArgumentParsing.Durations(poll, "--poll-interval") };
        }

        if (parse.GetValue(UpstreamRateOption) is { } upstream)
        {
            plan = plan with { UpstreamRateHz = ArgumentParsing.NonNegativeNumber(upstream, "--upstream-rate", RunPlan.MaxRateHz) };
        }

        if (parse.GetValue(ArrivalsOption) is { } arrivals)
        {
            plan = plan with { Arrivals = ArgumentParsing.Choices(arrivals, "--arrivals", Arrival.All) };
        }

        if (parse.GetValue(ClientProfileOption) is { } profiles)
        {
            plan = plan with { ClientProfiles = ArgumentParsing.Choices(profiles, "--client-profile", ClientProfiles.All) };
        }

        if (parse.GetResult(TlsOption) is { Implicit: false } tls)
        {
            plan = plan with { Tls = tls.Tokens.Count == 0 ? [OnOff.On] : ArgumentParsing.Choices(parse.GetValue(TlsOption) ?? "", "--tls", OnOff.All) };
        }

        if (parse.GetValue(HttpOption) is { } http)
        {
            plan = plan with { HttpVersions = ArgumentParsing.Choices(http, "--http", HttpVersions.All) };
        }

        if (parse.GetValue(KeepAliveOption) is { } keepAlive)
        {
            plan = plan with { KeepAlive = ArgumentParsing.Choices(keepAlive, "--keep-alive", OnOff.All) };
        }

        if (parse.GetValue(CompressionOption) is { } compression)
        {
            plan = plan with { Compressions = ArgumentParsing.Choices(compression, "--compression", ContentCodings.All) };
        }

        if (parse.GetValue(ClientKindOption) is { } kinds)
        {
            plan = plan with { ClientKinds = ArgumentParsing.Choices(kinds, "--client-kind", ClientKinds.All) };
        }

        if (plan.ClientKinds.Contains(ClientKinds.Chromium) && plan.Clients.FirstOrDefault(c => c > Browser.BrowserClients.MaxPages) is > 0 and var many)
        {
            throw new UsageException($"--clients: {many} browser clients; Chromium runs at most {Browser.BrowserClients.MaxPages} (more is the .NET clients' job)");
        }

        if (parse.GetValue(SignalRTransportOption) is { } signalr)
        {
            plan = plan with { SignalRTransports = ArgumentParsing.Choices(signalr, "--signalr-transport", LibraryTransports.SignalR) };
        }

        if (parse.GetValue(SocketIoTransportOption) is { } socketio)
        {
            plan = plan with { SocketIoTransports = ArgumentParsing.Choices(socketio, "--socketio-transport", LibraryTransports.SocketIo) };
        }

        if (parse.GetValue(SockJsTransportOption) is { } sockjs)
        {
            plan = plan with { SockJsTransports = ArgumentParsing.Choices(sockjs, "--sockjs-transport", LibraryTransports.SockJs) };
        }

        if (parse.GetValue(ProxyOption) is { } proxies)
        {
            plan = plan with { Proxies = ArgumentParsing.ProxyModes(proxies, "--proxy") };
        }

        if (parse.GetValue(StompHeartbeatOption) is { } heartbeat)
        {
            plan = plan with { StompHeartbeats = ArgumentParsing.Durations(heartbeat, "--stomp-heartbeat", allowZero: true) };
        }

        if (parse.GetValue(CoalesceOption) is { } coalesce)
        {
            if (parse.GetValue(NoCoalesceOption))
            {
                throw new UsageException("--no-coalesce: give either it or --coalesce, not both");
            }

            plan = plan with { Coalesce = ArgumentParsing.Choices(coalesce, "--coalesce", Coalescing.All) };
        }
        else if (parse.GetValue(NoCoalesceOption))
        {
            plan = plan with { Coalesce = [Coalescing.Off] };
        }

        if (parse.GetValue(RttOption) is { } rtt)
        {
            plan = plan with { Rtts = ArgumentParsing.Delays(rtt, "--rtt") };
        }

        if (parse.GetValue(JitterOption) is { } jitter)
        {
            plan = plan with { Jitters = ArgumentParsing.Delays(jitter, "--jitter") };
        }

        if (parse.GetValue(BandwidthOption) is { } bandwidth)
        {
            plan = plan with { Bandwidths = ArgumentParsing.Bandwidths(bandwidth, "--bandwidth") };
        }

        if (parse.GetValue(NetworkOption) is { } network)
        {
            if (parse.GetValue(RttOption) is not null || parse.GetValue(JitterOption) is not null || parse.GetValue(BandwidthOption) is not null)
            {
                throw new UsageException(ArgumentParsing.NetworkWithFigures);
            }

            plan = plan with { Networks = ArgumentParsing.Choices(network, "--network", [.. NetworkPresets.Names]), Rtts = [TimeSpan.Zero], Jitters = [TimeSpan.Zero], Bandwidths = [0] };
        }

        plan = plan with { Seed = parse.GetValue(SeedOption) is { } seed ? ArgumentParsing.PositiveInt(seed, "--seed", 0, int.MaxValue) : Random.Shared.Next() };

        if (parse.GetValue(DropEveryOption) is { } dropEvery)
        {
            plan = plan with { DropEvery = ArgumentParsing.Durations(dropEvery, "--drop-every", allowZero: true) };
        }

        if (parse.GetValue(FindMaxOption) is not null)
        {
            // Search steps are many: shorter windows unless told otherwise (thousands of clients still give plenty of samples).
            plan = plan with
            {
                Duration = parse.GetValue(DurationOption) is null ? CapacityStepDuration : plan.Duration,
                Warmup = parse.GetValue(WarmupOption) is null ? CapacityStepWarmup : plan.Warmup,
            };
        }

        if (parse.GetValue(DurationOption) is { } duration)
        {
            plan = plan with { Duration = ArgumentParsing.Duration(duration, "--duration") };
        }

        if (parse.GetValue(WarmupOption) is { } warmup)
        {
            plan = plan with { Warmup = ArgumentParsing.Duration(warmup, "--warmup", allowZero: true) };
        }

        if (parse.GetValue(WindowsOption) is { } windows)
        {
            plan = plan with { Windows = ArgumentParsing.PositiveInt(windows, "--windows", 1, 1000) };
        }

        plan.Validate();
        return plan;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var plan = ResolvePlan(parse);
        if (plan.ClientKinds.Contains(ClientKinds.Chromium) && Browser.Chromium.Find() is null)
        {
            throw new UsageException($"--client-kind chromium: {Browser.Chromium.MissingMessage}");
        }

        if (plan.JitterLeftOut() is { Count: > 0 } left)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]--jitter applies only where it is at most half the RTT: the paths at RTT {string.Join(", ", left.Select(NetworkUnits.Format))} run without jitter.[/]");
        }

        var search = ResolveSearch(parse);
        if (search is not null && plan.ClientKinds.Contains(ClientKinds.Chromium))
        {
            throw new UsageException($"--find-max: a capacity search ramps past the {Browser.BrowserClients.MaxPages} browser clients Chromium runs; use --client-kind dotnet");
        }

        var charts = parse.GetValue(NoChartsOption) ? null : Charts.Resolve(parse);
        var controlUri = BenchCli.ServerUri(parse.GetValue(ServerOption));
        var server = ResolveServer(parse, controlUri, plan, search);
        var crankJson = parse.GetValue(CrankJsonOption);
        var directory = parse.GetValue(OutOption) ?? Path.Combine(RepositoryPaths.ResultsDirectory(), DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        IScenarioSchedule schedule = search is null ? new FixedSchedule(plan.Scenarios()) : new CapacitySearchSchedule(plan, search);
        var (results, output, interrupted) = await RunExecution.ExecuteAsync(
            plan, schedule, BenchCli.CommandLine(parse), server, directory, cancellationToken).ConfigureAwait(false);

        ConsoleSummary.Print(results);
        ConsoleSummary.PrintCapacity(results.Capacity);
        PathSummary.Print(results);
        AnsiConsole.MarkupLineInterpolated($"Wrote {output.ResultsPath}, results.csv and summary.md.");
        if (charts is not null && results.Scenarios.Any(ScenarioStatus.IsOk))
        {
            await ChartArguments.WriteAsync(results, output.Directory, charts, cancellationToken).ConfigureAwait(false);
        }

        if (crankJson is not null && crankJson != "-")
        {
            CrankMeasurements.Write(results, crankJson);
            AnsiConsole.MarkupLineInterpolated($"Wrote crank measurements to {crankJson}.");
        }

        if (interrupted)
        {
            var missing = output.Missing();
            AnsiConsole.MarkupLineInterpolated($"[yellow]Interrupted: {results.Scenarios.Count} scenarios kept, {missing.Count} missing: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}[/]");
            return BenchCli.Interrupted;
        }

        if (search is not null)
        {
            // A search's failing steps are how it finds the limit, not a failed run.
            AnsiConsole.MarkupLineInterpolated($"Wrote {output.CapacityPath}.");
            return results.Capacity?.Searches.Count > 0 ? BenchCli.Ok : BenchCli.Failure;
        }

        if (crankJson == "-")
        {
            // Last on stdout: a crank agent reads the block that ends the job's output.
            Console.Out.WriteLine(CrankMeasurements.ConsoleBlock(results));
        }

        var resilient = ConsoleSummary.PrintResilience(results, plan.Profile == "soak");
        // Scenarios skipped for want of Node said so in one line and in the results; they fail nothing.
        return results.Scenarios.All(s => ScenarioStatus.IsOk(s) || ScenarioStatus.IsSkipped(s)) && resilient ? BenchCli.Ok : BenchCli.Failure;
    }

    /// <summary>
    /// The server to measure: --server with its token and this host's client share, or a server process of our own. A
    /// token or a share without --server is a usage error, and so is a capacity search split across hosts.
    /// </summary>
    internal static ServerChoice ResolveServer(ParseResult parse, Uri? controlUri, RunPlan plan, CapacitySearchOptions? search)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(plan);
        var token = parse.GetValue(TokenOption);
        if (token is not null && controlUri is null)
        {
            throw new UsageException("--token goes with --server (the server a run starts itself needs none)");
        }

        var share = parse.GetValue(ClientShareOption) is { } text ? ClientShare.Parse(text, "--client-share") : ClientShare.Whole;
        if (share.Shares > 1 && controlUri is null)
        {
            throw new UsageException("--client-share: shards share one server; give its control URL with --server");
        }

        if (share.Shares > 1 && plan.ClientKinds.Contains(ClientKinds.Chromium))
        {
            throw new UsageException("--client-share: browser clients run on one host; use --client-kind dotnet with shards");
        }

        if (share.Shares > 1 && search is not null)
        {
            throw new UsageException("--client-share: a --find-max search decides each step from the last one, so it runs from one host");
        }

        if (share.Shares > 1 && plan.DropEvery.Any(d => d > TimeSpan.Zero))
        {
            throw new UsageException("--client-share: --drop-every drops every shard's connections from one host; run it from one host");
        }

        if (plan.Clients.FirstOrDefault(c => c < share.Shares) is > 0 and var few)
        {
            throw new UsageException($"--client-share: {few} clients cannot be split into {share.Shares} shares; give at least one client per share");
        }

        return new ServerChoice(controlUri, token) { Share = share };
    }
}
