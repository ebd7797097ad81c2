using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;

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
    private static readonly Option<string?> ArrivalsOption = new("--arrivals") { Description = $"How the feed spaces events: {string.Join(", ", Arrival.All)} [default: {Arrival.Fixed}] (the server publishes fixed arrivals only so far: other values fail their scenarios)", HelpName = "kind,..." };
    private static readonly Option<string?> ClientProfileOption = new("--client-profile") { Description = $"Request headers the clients send: {string.Join(", ", ClientProfiles.All)} (files under contract/profiles) [default: {ClientProfiles.Minimal}]", HelpName = "name,..." };
    private static readonly Option<string?> TlsOption = new("--tls") { Description = "TLS under every transport, tcp too: --tls alone is on; a list (off,on) measures both [default: off]", HelpName = "on|off,...", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string?> HttpOption = new("--http") { Description = $"HTTP version of the HTTP transports and the WebSocket handshake: {string.Join(", ", HttpVersions.All)} (2: h2c, or h2 with --tls; WebSocket by RFC 8441) [default: {HttpVersions.Http11}]", HelpName = "version,..." };
    private static readonly Option<string?> KeepAliveOption = new("--keep-alive") { Description = "off: polling and long polling open a new connection for every request [default: on]", HelpName = "on|off,..." };
    private static readonly Option<string?> CompressionOption = new("--compression") { Description = $"{string.Join(", ", ContentCodings.All)}: HTTP bodies in that content coding, WebSocket with permessage-deflate [default: {ContentCodings.None}]", HelpName = "coding,..." };
    private static readonly Option<string?> DurationOption = new("--duration") { Description = "Measured window per scenario, e.g. 10s [profile default: 3s, quick 1.5s, full 10s]", HelpName = "duration" };
    private static readonly Option<string?> WarmupOption = new("--warmup") { Description = "Warm-up before each window [profile default: 1s]", HelpName = "duration" };
    private static readonly Option<string?> WindowsOption = new("--windows") { Description = "Parts the window is split into for per-window latency [profile default: 3]", HelpName = "n" };
    private static readonly Option<string> ProfileOption = new("--profile") { Description = "quick (<30 s), default (<2 min), full", DefaultValueFactory = _ => "default" };
    private static readonly Option<string?> ServerOption = new("--server") { Description = "Control URL of a running `serve` (default: start a server process)", HelpName = "url" };
    private static readonly Option<string?> TokenOption = new("--token") { Description = "Bearer token of a control plane bound off loopback (the one `serve` printed) [default: none]", HelpName = "token" };
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
    ];

    public static Command Create()
    {
        var command = new Command("run", "Measure header overhead, requests per event, latency and delivery for every transport.");
        foreach (var option in (Option[])[TransportsOption, PayloadOption, RateOption, ClientsOption, PollIntervalOption, UpstreamRateOption, ArrivalsOption, ClientProfileOption, TlsOption, HttpOption, KeepAliveOption, CompressionOption, DurationOption, WarmupOption, WindowsOption, ProfileOption, ServerOption, TokenOption, ClientShareOption, CrankJsonOption, OutOption, NoChartsOption])
        {
            command.Options.Add(option);
        }

        Charts.AddTo(command);
        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => RunAsync(parse, cancellationToken)));
        return command;
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
        var charts = parse.GetValue(NoChartsOption) ? null : Charts.Resolve(parse);
        var controlUri = BenchCli.ServerUri(parse.GetValue(ServerOption));
        var remote = ResolveRemote(parse, controlUri, plan);
        var crankJson = parse.GetValue(CrankJsonOption);
        var directory = parse.GetValue(OutOption) ?? Path.Combine(RepositoryPaths.ResultsDirectory(), DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var (results, output, interrupted) = await RunExecution.ExecuteAsync(
            plan, BenchCli.CommandLine(parse), controlUri, [], directory, cancellationToken, remote).ConfigureAwait(false);

        ConsoleSummary.Print(results);
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

        if (crankJson == "-")
        {
            // Last on stdout: a crank agent reads the block that ends the job's output.
            Console.Out.WriteLine(CrankMeasurements.ConsoleBlock(results));
        }

        return results.Scenarios.All(ScenarioStatus.IsOk) ? BenchCli.Ok : BenchCli.Failure;
    }

    /// <summary>The token and client share for a server on another host; a share without --server is a usage error.</summary>
    internal static RemoteRun ResolveRemote(ParseResult parse, Uri? controlUri, RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(plan);
        var share = parse.GetValue(ClientShareOption) is { } text ? ClientShare.Parse(text, "--client-share") : ClientShare.Whole;
        if (share.Shares > 1 && controlUri is null)
        {
            throw new UsageException("--client-share: shards share one server; give its control URL with --server");
        }

        if (plan.Clients.FirstOrDefault(c => c < share.Shares) is > 0 and var few)
        {
            throw new UsageException($"--client-share: {few} clients cannot be split into {share.Shares} shares; give at least one client per share");
        }

        return new RemoteRun(share, parse.GetValue(TokenOption));
    }
}
