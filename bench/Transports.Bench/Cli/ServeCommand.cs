using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Network;
using Transports.Servers;

namespace Transports.Bench.Cli;

/// <summary>
/// `serve`: every transport's server in one host, publishing events at a demo rate so curl, a browser or another
/// harness (`run --server`) sees them flow at once. Prints every endpoint when ready; Ctrl+C stops it.
/// </summary>
public static class ServeCommand
{
    private static readonly Option<string> AddressOption = new("--address") { Description = "Address the transports bind (loopback by default; the control plane stays on --control-address)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string> ControlAddressOption = new("--control-address") { Description = $"Address the control plane binds: loopback whatever --address says; anywhere else it requires a bearer token (--control-token, ${ControlAccess.TokenVariable}, or one generated and printed)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string?> ControlTokenOption = new("--control-token") { Description = $"Bearer token control requests must carry [default: ${ControlAccess.TokenVariable}; generated when the control plane is not on loopback; none on loopback]", HelpName = "token" };
    private static readonly Option<int> PortOption = new("--port") { Description = "HTTP and WebSocket port (0: any free port); with an emulated path, the path's port" };
    private static readonly Option<int> TcpPortOption = new("--tcp-port") { Description = "Raw TCP port (0: any free port); with an emulated path, the path's port" };
    private static readonly Option<int> ControlPortOption = new("--control-port") { Description = "Control-plane port (0: any free port)" };
    private static readonly Option<string> RateOption = new("--rate") { Description = "Events published per second (0: only when a harness asks)", DefaultValueFactory = _ => "2" };
    private static readonly Option<int> PayloadOption = new("--payload") { Description = "Event payload bytes", DefaultValueFactory = _ => 64 };
    private static readonly Option<string?> OriginsOption = new("--cors", "--allowed-origins") { Description = "Origins whose pages may use the transports: CORS headers on polling, long polling, SSE, publish and /clock, and the WebSocket Origin check, one list (comma-separated, e.g. http://127.0.0.1:8000; * for any) [default: none: pages of this server's own origin only]", HelpName = "origins" };
    private static readonly Option<string> LongPollTimeoutOption = new("--long-poll-timeout") { Description = "How long a long-poll is held (RFC 6202: 30 s is safe)", DefaultValueFactory = _ => "30s" };
    private static readonly Option<int> MaxUpstreamOption = new("--max-upstream") { Description = "Largest upstream message in bytes", DefaultValueFactory = _ => 1024 * 1024 };
    private static readonly Option<int> ExtraHeaderOption = new("--extra-header-bytes") { Description = "Deliberately worse server: pad every HTTP response with a header of N bytes" };
    private static readonly Option<bool> NoKeepAliveOption = new("--no-polling-keep-alive") { Description = "Deliberately worse server: close the connection after every poll" };
    private static readonly Option<bool> DemoControlsOption = new("--demo-controls") { Description = "The live page's buttons (rate, payload, drop connections) act on this server: only pages of its own origin on this machine may press them, and only while the control plane wants no token [default: off]" };
    private static readonly Option<string?> ScreenshotOption = new("--screenshot") { Description = "Open the live page in headless Chromium, wait until every panel shows events, print when each got its first, save a screenshot to this file and stop [default: none, serve until Ctrl+C]", HelpName = "file.png" };
    private static readonly Option<string> StompHeartbeatOption = new("--stomp-heartbeat") { Description = "STOMP heart-beat offered both ways in CONNECTED, e.g. 10s (0: none; a direction beats only when the client asks too)", DefaultValueFactory = _ => "0" };
    private static readonly Option<bool> NoCoalesceOption = new("--no-coalesce") { Description = "Streaming servers flush every event on its own instead of writing the events already waiting under one flush [default: coalesce]" };
    private static readonly Option<string?> RttOption = new("--rtt") { Description = "Put an emulated path in front of the HTTP and TCP ports (an in-process relay; the printed URLs cross it): its round-trip time, e.g. 100ms [default: 0, none]", HelpName = "delay" };
    private static readonly Option<string?> JitterOption = new("--jitter") { Description = "The path's jitter each way, at most half the RTT, e.g. 5ms [default: 0]", HelpName = "delay" };
    private static readonly Option<string?> BandwidthOption = new("--bandwidth") { Description = "The path's bandwidth each way: 10mbit, 500kbit, 1gbit [default: none]", HelpName = "rate" };
    private static readonly Option<string?> ProxyOption = new("--proxy") { Description = $"A hostile intermediary in front of the HTTP and TCP ports (a relay, even without --rtt): {ProxyMode.NoneName}, {ProxyMode.NoUpgradeName} (403 to a WebSocket upgrade), {ProxyMode.BufferingName} (streamed bodies held until {ProxyMode.BufferBytes / 1024} KiB or their end), {ProxyMode.IdleCutName}=DURATION, or several joined by +; the HTTP modes act on plain HTTP/1.1 only [default: {ProxyMode.NoneName}]", HelpName = "mode" };
    private static readonly Option<string?> NetworkOption = new("--network") { Description = $"A named path instead of --rtt/--jitter/--bandwidth: {string.Join("; ", NetworkPresets.All.Select(p => p.Summary))}", HelpName = "name" };
    private static readonly Option<bool> MachineOption = new("--machine-readable") { Description = "Print one READY line of JSON; stop when stdin closes (used by the harness)", Hidden = true };

    public static Command Create()
    {
        var command = new Command("serve", "Start every transport's server on loopback and publish events (a demo, or a target for `run --server`).");
        foreach (var option in (Option[])[AddressOption, ControlAddressOption, ControlTokenOption, PortOption, TcpPortOption, ControlPortOption, RateOption, PayloadOption, OriginsOption, LongPollTimeoutOption, MaxUpstreamOption, ExtraHeaderOption, NoKeepAliveOption, StompHeartbeatOption, RttOption, JitterOption, BandwidthOption, NetworkOption, ProxyOption, NoCoalesceOption, DemoControlsOption, ScreenshotOption, MachineOption])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => ServeAsync(parse, cancellationToken)));
        return command;
    }

    public static TransportServerOptions ResolveOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var ip = Address(parse.GetValue(AddressOption) ?? "127.0.0.1", "--address");
        var controlIp = Address(parse.GetValue(ControlAddressOption) ?? "127.0.0.1", "--control-address");
        var token = parse.GetValue(ControlTokenOption) ?? Environment.GetEnvironmentVariable(ControlAccess.TokenVariable);
        if (token is not null && !ControlAccess.IsWellFormed(token))
        {
            throw new UsageException($"--control-token: give {ControlAccess.MinTokenLength}..{ControlAccess.MaxTokenLength} printable ASCII characters without spaces (or unset {ControlAccess.TokenVariable})");
        }

        foreach (var (option, value) in new[] { (PortOption, parse.GetValue(PortOption)), (TcpPortOption, parse.GetValue(TcpPortOption)), (ControlPortOption, parse.GetValue(ControlPortOption)) })
        {
            if (value is < 0 or > 65535)
            {
                throw new UsageException($"{option.Name}: {value} is not a port (0..65535)");
            }
        }

        var payload = parse.GetValue(PayloadOption);
        if (payload is < EventMessage.MinSize or > EventMessage.MaxSize)
        {
            throw new UsageException($"--payload: {payload} is not a payload size ({EventMessage.MinSize}..{EventMessage.MaxSize})");
        }

        var maxUpstream = parse.GetValue(MaxUpstreamOption);
        if (maxUpstream < EventMessage.MinSize)
        {
            throw new UsageException($"--max-upstream: {maxUpstream} is below the smallest message ({EventMessage.MinSize})");
        }

        var extraHeader = parse.GetValue(ExtraHeaderOption);
        if (extraHeader is < 0 or > 16 * 1024)
        {
            throw new UsageException($"--extra-header-bytes: {extraHeader} is not 0..16384");
        }

        var controlToken = token ?? (IPAddress.IsLoopback(controlIp) ? null : ControlAccess.GenerateToken());
        if (parse.GetValue(DemoControlsOption) && controlToken is not null)
        {
            throw new UsageException($"--demo-controls: the page's buttons carry no token, so they go only with a control plane that wants none (on loopback, without --control-token or ${ControlAccess.TokenVariable})");
        }

        return new TransportServerOptions
        {
            Address = ip,
            ControlAddress = controlIp,
            // Off loopback the control plane never goes unauthenticated: a token is made up when none was given.
            ControlToken = controlToken,
            HttpPort = parse.GetValue(PortOption),
            TcpPort = parse.GetValue(TcpPortOption),
            ControlPort = parse.GetValue(ControlPortOption),
            PublishRateHz = ArgumentParsing.NonNegativeNumber(parse.GetValue(RateOption) ?? "2", "--rate"),
            PayloadBytes = payload,
            AllowedOrigins = parse.GetValue(OriginsOption) is { } origins ? Origins(origins) : [],
            LongPollTimeout = ArgumentParsing.Duration(parse.GetValue(LongPollTimeoutOption) ?? "30s", "--long-poll-timeout"),
            MaxUpstreamBytes = maxUpstream,
            ExtraResponseHeaderBytes = extraHeader,
            PollingKeepAlive = !parse.GetValue(NoKeepAliveOption),
            DemoControls = parse.GetValue(DemoControlsOption),
            StompHeartbeat = ArgumentParsing.Duration(parse.GetValue(StompHeartbeatOption) ?? "0", "--stomp-heartbeat", allowZero: true),
            CoalesceEvents = !parse.GetValue(NoCoalesceOption),
        };
    }

    /// <summary>"*" or origins as a browser's Origin header writes them: scheme://host[:port], nothing after.</summary>
    private static List<string> Origins(string text)
    {
        var origins = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var origin in origins.Where(o => o != "*"))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--cors: '{origin}' is not an origin (scheme://host[:port], e.g. http://127.0.0.1:8000, no path or trailing slash; * for any)");
            }
        }

        return origins;
    }

    private static IPAddress Address(string text, string option) =>
        IPAddress.TryParse(text, out var ip) ? ip : throw new UsageException($"{option}: '{text}' is not an IP address");
    /// <summary>The path to put in front of the ports; <see cref="NetworkConditions.None"/> when no path option was given.</summary>
    public static NetworkConditions ResolveConditions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var (rtt, jitter, bandwidth) = (parse.GetValue(RttOption), parse.GetValue(JitterOption), parse.GetValue(BandwidthOption));
        if (parse.GetValue(NetworkOption) is { } network)
        {
            if (rtt is not null || jitter is not null || bandwidth is not null)
            {
                throw new UsageException(ArgumentParsing.NetworkWithFigures);
            }

            return NetworkPresets.TryGet(network, out var preset)
                ? preset.Conditions
                : throw new UsageException($"--network: '{network}' is not one of {string.Join(", ", NetworkPresets.Names)}");
        }

        var bits = bandwidth is null ? 0 : ArgumentParsing.Bandwidth(bandwidth, "--bandwidth");
        return NetworkConditions.TryCreate(
            rtt is null ? TimeSpan.Zero : ArgumentParsing.Delay(rtt, "--rtt"),
            jitter is null ? TimeSpan.Zero : ArgumentParsing.Delay(jitter, "--jitter"),
            bits > 0 ? bits : null,
            out var conditions,
            out var error)
            ? conditions
            : throw new UsageException($"--rtt/--jitter: {error}");
    }

    /// <summary>The intermediary to put in front of the ports; none when --proxy was not given.</summary>
    public static ProxyMode ResolveProxy(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(ProxyOption) is { } text
            ? ProxyMode.TryParse(text, out var mode, out var error) ? mode : throw new UsageException($"--proxy: {error}")
            : ProxyMode.None;
    }

    private static async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = ResolveOptions(parse);
        var conditions = ResolveConditions(parse);
        var proxy = ResolveProxy(parse);
        var machine = parse.GetValue(MachineOption);
        var screenshot = parse.GetValue(ScreenshotOption);
        if (screenshot is not null && Browser.Chromium.Find() is null)
        {
            throw new UsageException($"--screenshot: {Browser.Chromium.MissingMessage}");
        }

        TransportServer server;
        try
        {
            // With a path, the relay takes the ports asked for and the server listens wherever it can behind it.
            server = await TransportServer.StartAsync(conditions.IsNone && proxy.IsNone ? options : options with { HttpPort = 0, TcpPort = 0 }, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot listen: {e.Message}");
        }

        await using (server.ConfigureAwait(false))
        {
            await using var path = await OpenPathAsync(server, options, conditions, proxy, cancellationToken).ConfigureAwait(false);
            if (machine)
            {
                Console.Out.WriteLine(ServerProcess.ReadyPrefix + JsonSerializer.Serialize(Reached(server, path), ControlJson.Options));
                Console.Out.Flush();
                await Task.WhenAny(StdinClosedAsync(), Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
                return 0;
            }

            PrintEndpoints(server, options, path);
            if (screenshot is not null)
            {
                return await ScreenshotAsync(path.Target.HttpUri, screenshot, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("Stopping.");
            }
        }

        return 0;
    }

    /// <summary>The relay in front of serve's ports, on the ports asked for (a port taken is bad input), or none.</summary>
    private static async Task<ServerPath> OpenPathAsync(TransportServer server, TransportServerOptions options, NetworkConditions conditions, ProxyMode proxy, CancellationToken cancellationToken)
    {
        try
        {
            var target = ServerTarget.From(server);
            var path = await ServerPath.OpenAsync(target, conditions, RunPlan.DefaultSeed, cancellationToken, (options.Address, [options.HttpPort, options.TcpPort]), target.ProxyStage(proxy)).ConfigureAwait(false);
            if (!proxy.IsNone)
            {
                AnsiConsole.MarkupLineInterpolated($"Proxy {proxy.Name} in front of the HTTP and TCP ports: the printed urls cross it{(proxy.InspectsHttp ? " (it acts on plain HTTP/1.1; the TLS and h2c listeners pass untouched)" : "")}.");
            }

            return path;
        }
        catch (SocketException e)
        {
            throw new UsageException($"cannot listen on {options.Address} (ports {options.HttpPort} and {options.TcpPort}) for the emulated path: {e.Message}");
        }
    }

    /// <summary>The server's addresses as clients reach them: across the emulated path where there is one (the control plane stays direct).</summary>
    private static ServerInfo Reached(TransportServer server, ServerPath path) => server.Info with
    {
        HttpUrl = path.Target.HttpUri.ToString(),
        TcpEndPoint = path.Target.TcpEndPoint.ToString(),
        HttpsUrl = path.Target.Listeners.Https?.ToString() ?? server.Info.HttpsUrl,
        H2cUrl = path.Target.Listeners.H2c?.ToString() ?? server.Info.H2cUrl,
        TlsTcpEndPoint = path.Target.Listeners.TlsTcp?.ToString() ?? server.Info.TlsTcpEndPoint,
    };

    private static void PrintEndpoints(TransportServer server, TransportServerOptions options, ServerPath path)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]Transports server ready[/]: publishing {options.PublishRateHz:0.###} events/s of {options.PayloadBytes} B.");
        var table = new Table { Border = TableBorder.Rounded };
        var emulated = !path.Conditions.IsNone;
        table.AddColumns(emulated ? ["endpoint", "url (over the emulated path)", "direct url", "what"] : ["endpoint", "url", "what"]);
        var direct = server.Endpoints;
        foreach (var (endpoint, plain) in server.EndpointsAt(Reached(server, path)).Zip(direct))
        {
            string[] cells = emulated ? [endpoint.Name, endpoint.Url, plain.Url, endpoint.Description] : [endpoint.Name, endpoint.Url, endpoint.Description];
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
        if (emulated)
        {
            AnsiConsole.MarkupLineInterpolated($"Emulated path: {path.Conditions.Describe()}, an in-process relay in front of the HTTP and TCP ports (a new connection pays the handshake's round trip). The first url column crosses it; the direct urls and the control plane do not.");
            AnsiConsole.MarkupLineInterpolated($"`run --server` measures the direct ports: give it its own --rtt/--jitter/--bandwidth for the same path.");
        }

        AnsiConsole.MarkupLineInterpolated($"Watch: open {path.Target.HttpUri} in a browser{(options.DemoControls ? " (its buttons steer the feed)" : "")}");
        AnsiConsole.MarkupLineInterpolated($"Try: curl -N {new Uri(path.Target.HttpUri, TransportPaths.Sse)}");
        AnsiConsole.MarkupLineInterpolated($"     curl '{new Uri(path.Target.HttpUri, TransportPaths.Poll + "?cursor=0")}'");
        var token = options.ControlToken is { } t ? $" --token {t}" : "";
        AnsiConsole.MarkupLineInterpolated($"Measure it: dotnet run --project bench/Transports.Bench -c Release -- run --server {server.ControlUri}{token}");
        if (options.ControlToken is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"The control plane ({server.ControlUri}) requires: Authorization: Bearer {options.ControlToken}");
        }

        AnsiConsole.MarkupLine("Ctrl+C stops.");
    }

    /// <summary>How long the page may take until every panel shows <see cref="Browser.LivePageShot.EventsBeforeShot"/> events.</summary>
    private static readonly TimeSpan ScreenshotLimit = TimeSpan.FromSeconds(60);

    private static async Task<int> ScreenshotAsync(Uri page, string path, CancellationToken cancellationToken)
    {
        await using var chromium = await Browser.Chromium.LaunchAsync(cancellationToken).ConfigureAwait(false);
        var shot = await Browser.LivePageShot.TakeAsync(chromium.Browser, page, path, ScreenshotLimit, cancellationToken).ConfigureAwait(false);
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumns("panel", "first event after opening", "events", "latency p50", "bytes per event", "requests per event");
        foreach (var panel in shot.Panels)
        {
            string Field(string key) => panel.Fields.TryGetValue(key, out var text) ? text : "–";
            table.AddRow(Markup.Escape(panel.Transport), $"{panel.FirstEventMs:0} ms", panel.Events.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Field("p50")), Markup.Escape(Field("bytes")), Markup.Escape(Field("requests")));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Wrote {path}.");
        foreach (var error in shot.Errors)
        {
            Console.Error.WriteLine($"page error: {error}");
        }

        return shot.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task StdinClosedAsync()
    {
        using var stdin = Console.OpenStandardInput();
        await stdin.CopyToAsync(Stream.Null).ConfigureAwait(false);
    }
}
