using System.CommandLine;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Bench.Cli;

/// <summary>
/// `serve`: every transport's server in one host, publishing events at a demo rate so curl, a browser or another
/// harness (`run --server`) sees them flow at once. Prints every endpoint when ready; Ctrl+C stops it.
/// </summary>
public static class ServeCommand
{
    private static readonly Option<string> AddressOption = new("--address") { Description = "Address to bind (loopback by default)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string> ControlAddressOption = new("--control-address") { Description = "Address the control plane binds (it pauses the feed and drops connections: loopback unless given; elsewhere it wants a bearer token)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string?> ControlTokenOption = new("--control-token") { Description = "Bearer token the control plane wants [default: none on loopback; off loopback a random one, printed]", HelpName = "token" };
    private static readonly Option<int> PortOption = new("--port") { Description = "HTTP and WebSocket port (0: any free port)" };
    private static readonly Option<int> TcpPortOption = new("--tcp-port") { Description = "Raw TCP port (0: any free port)" };
    private static readonly Option<int> ControlPortOption = new("--control-port") { Description = "Control-plane port (0: any free port)" };
    private static readonly Option<string> RateOption = new("--rate") { Description = "Events published per second (0: only when a harness asks)", DefaultValueFactory = _ => "2" };
    private static readonly Option<int> PayloadOption = new("--payload") { Description = "Event payload bytes", DefaultValueFactory = _ => 64 };
    private static readonly Option<string?> OriginsOption = new("--allowed-origins") { Description = "WebSocket origins allowed (comma-separated, * for any; default: no Origin or this machine)", HelpName = "list" };
    private static readonly Option<string> LongPollTimeoutOption = new("--long-poll-timeout") { Description = "How long a long-poll is held (RFC 6202: 30 s is safe)", DefaultValueFactory = _ => "30s" };
    private static readonly Option<int> MaxUpstreamOption = new("--max-upstream") { Description = "Largest upstream message in bytes", DefaultValueFactory = _ => 1024 * 1024 };
    private static readonly Option<int> ExtraHeaderOption = new("--extra-header-bytes") { Description = "Deliberately worse server: pad every HTTP response with a header of N bytes" };
    private static readonly Option<bool> NoKeepAliveOption = new("--no-polling-keep-alive") { Description = "Deliberately worse server: close the connection after every poll" };
    private static readonly Option<bool> MachineOption = new("--machine-readable") { Description = "Print one READY line of JSON; stop when stdin closes (used by the harness)", Hidden = true };

    public static Command Create()
    {
        var command = new Command("serve", "Start every transport's server on loopback and publish events (a demo, or a target for `run --server`).");
        foreach (var option in (Option[])[AddressOption, ControlAddressOption, ControlTokenOption, PortOption, TcpPortOption, ControlPortOption, RateOption, PayloadOption, OriginsOption, LongPollTimeoutOption, MaxUpstreamOption, ExtraHeaderOption, NoKeepAliveOption, MachineOption])
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() => ServeAsync(parse, cancellationToken)));
        return command;
    }

    public static TransportServerOptions ResolveOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var address = parse.GetValue(AddressOption) ?? "127.0.0.1";
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new UsageException($"--address: '{address}' is not an IP address");
        }

        var controlText = parse.GetValue(ControlAddressOption) ?? "127.0.0.1";
        if (!IPAddress.TryParse(controlText, out var controlAddress))
        {
            throw new UsageException($"--control-address: '{controlText}' is not an IP address");
        }

        var token = parse.GetValue(ControlTokenOption);
        if (token is not null && (token.Length is < 16 or > 256 || token.Any(c => c is <= ' ' or > '~')))
        {
            throw new UsageException("--control-token: give 16..256 printable ASCII characters without spaces");
        }

        // Off loopback the control plane is reachable by others: it never runs without a token there.
        token ??= IPAddress.IsLoopback(controlAddress) ? null : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

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

        return new TransportServerOptions
        {
            Address = ip,
            ControlAddress = controlAddress,
            ControlToken = token,
            HttpPort = parse.GetValue(PortOption),
            TcpPort = parse.GetValue(TcpPortOption),
            ControlPort = parse.GetValue(ControlPortOption),
            PublishRateHz = ArgumentParsing.NonNegativeNumber(parse.GetValue(RateOption) ?? "2", "--rate"),
            PayloadBytes = payload,
            AllowedOrigins = parse.GetValue(OriginsOption) is { } origins ? [.. origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
            LongPollTimeout = ArgumentParsing.Duration(parse.GetValue(LongPollTimeoutOption) ?? "30s", "--long-poll-timeout"),
            MaxUpstreamBytes = maxUpstream,
            ExtraResponseHeaderBytes = extraHeader,
            PollingKeepAlive = !parse.GetValue(NoKeepAliveOption),
        };
    }

    private static async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = ResolveOptions(parse);
        var machine = parse.GetValue(MachineOption);
        TransportServer server;
        try
        {
            server = await TransportServer.StartAsync(options, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot listen: {e.Message}");
        }

        await using (server.ConfigureAwait(false))
        {
            if (machine)
            {
                Console.Out.WriteLine(ServerProcess.ReadyPrefix + JsonSerializer.Serialize(server.Info, ControlJson.Options));
                Console.Out.Flush();
                await Task.WhenAny(StdinClosedAsync(), Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
                return 0;
            }

            PrintEndpoints(server, options);
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

    private static void PrintEndpoints(TransportServer server, TransportServerOptions options)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]Transports server ready[/]: publishing {options.PublishRateHz:0.###} events/s of {options.PayloadBytes} B.");
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumns("endpoint", "url", "what");
        foreach (var endpoint in server.Endpoints)
        {
            table.AddRow(Markup.Escape(endpoint.Name), Markup.Escape(endpoint.Url), Markup.Escape(endpoint.Description));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Try: curl -N {new Uri(server.HttpUri, TransportPaths.Sse)}");
        AnsiConsole.MarkupLineInterpolated($"     curl '{new Uri(server.HttpUri, TransportPaths.Poll + "?cursor=0")}'");
        var token = options.ControlToken is { } t ? $" --token {t}" : "";
        AnsiConsole.MarkupLineInterpolated($"Measure it: dotnet run --project bench/Transports.Bench -c Release -- run --server {server.ControlUri}{token}");
        AnsiConsole.MarkupLine("Ctrl+C stops.");
    }

    private static async Task StdinClosedAsync()
    {
        using var stdin = Console.OpenStandardInput();
        await stdin.CopyToAsync(Stream.Null).ConfigureAwait(false);
    }
}
