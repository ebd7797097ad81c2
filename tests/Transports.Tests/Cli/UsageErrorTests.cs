namespace Transports.Tests.Cli;

/// <summary>Bad arguments: one clear line on stderr, exit code 2, no stack trace, nothing measured.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("unknown transport 'carrier-pigeon'", "run", "--transports", "polling,carrier-pigeon")]
    [InlineData("--rate", "run", "--rate", "0")]
    [InlineData("--rate", "run", "--rate=-5")]
    [InlineData("--clients", "run", "--clients", "0")]
    [InlineData("--clients", "run", "--clients", "1,-3")]
    [InlineData("--payload", "run", "--payload", "8")]
    [InlineData("--duration", "run", "--duration", "ten seconds")]
    [InlineData("--poll-interval", "run", "--poll-interval", "-250ms")]
    [InlineData("--warmup", "run", "--warmup", "2 fortnights")]
    [InlineData("--upstream-rate", "run", "--upstream-rate", "-1")]
    [InlineData("--arrivals: 'sometimes' is not one of fixed, poisson", "run", "--arrivals", "fixed,sometimes")]
    [InlineData("would be named tcp/payload=16/rate=10/clients=1/poll=250ms/up=0", "run", "--transports", "tcp", "--payload", "16", "--clients", "1", "--poll-interval", "250ms,250.0001ms")]
    [InlineData("--profile", "run", "--profile", "enormous")]
    [InlineData("cannot write to the output folder", "run", "--out", "/proc/transports-cannot-write-here")]
    [InlineData("--server", "run", "--server", "not a url")]
    [InlineData("--payload", "serve", "--payload", "3")]
    [InlineData("--client-kind: 'firefox' is not one of dotnet, chromium", "run", "--client-kind", "firefox")]
    [InlineData("Chromium runs at most 50", "run", "--client-kind", "chromium", "--clients", "51")]
    [InlineData("--tls on: browser clients (--client-kind chromium) run over plain HTTP/1.1 only", "run", "--client-kind", "dotnet,chromium", "--tls", "on")]
    [InlineData("--http 2: browser clients (--client-kind chromium) speak HTTP/2 only over TLS", "run", "--client-kind", "chromium", "--http", "2")]
    [InlineData("--keep-alive off: browser clients", "run", "--client-kind", "chromium", "--keep-alive", "off")]
    [InlineData("--client-profile lubbers2010: browser clients", "run", "--client-kind", "chromium", "--client-profile", "lubbers2010")]
    [InlineData("--client-share: browser clients run on one host", "run", "--client-kind", "chromium", "--server", "http://127.0.0.1:9/", "--client-share", "1/2")]
    [InlineData("--demo-controls: the page's buttons carry no token", "serve", "--demo-controls", "--control-token", "0123456789abcdef0123")]
    [InlineData("--cors: 'http://127.0.0.1:8000/' is not an origin", "serve", "--cors", "http://127.0.0.1:8000/")]
    [InlineData("--cors: 'ftp://example.org' is not an origin", "serve", "--cors", "*,ftp://example.org")]
    [InlineData("error", "frobnicate")]
    [InlineData("at most 5000000", "run", "--rate", "1e7")]
    [InlineData("GiB of samples", "run", "--rate", "5000000", "--duration", "60s")]
    [InlineData("GiB of samples", "run", "--rate", "50000", "--duration", "1000s", "--clients", "100")]
    [InlineData("give one value", "run", "--windows", "3,4")]
    [InlineData("not a valid results file", "plot", "/etc/hostname")]
    [InlineData("--find-max: 'size' is not one of clients, rate", "run", "--find-max", "size")]
    [InlineData("--p99", "run", "--find-max", "clients", "--p99", "soon")]
    [InlineData("--p99 and --max-time go with --find-max", "run", "--p99", "100ms")]
    [InlineData("--token goes with --server", "run", "--token", "abc")]
    [InlineData("--drop-every", "run", "--drop-every", "-1s")]
    [InlineData("--control-address", "serve", "--control-address", "anywhere")]
    [InlineData("--rtt: '100' is not a delay", "run", "--rtt", "100")]
    [InlineData("--rtt: '2m' is not a delay", "run", "--rtt", "50ms,2m")]
    [InlineData("--jitter: '-1ms' is not a delay", "run", "--rtt", "100ms", "--jitter", "-1ms")]
    [InlineData("--jitter: 5 ms is more than half of every --rtt given (0 ms, 8 ms)", "run", "--rtt", "0,8ms", "--jitter", "5ms")]
    [InlineData("--bandwidth: '10mb' is not a bandwidth", "run", "--bandwidth", "10mb")]
    [InlineData("--bandwidth: '0kbit' is not a bandwidth from 1bit", "run", "--bandwidth", "0kbit")]
    [InlineData("--network: 'moon' is not one of loopback, lan, wan, mobile, satellite", "run", "--network", "moon")]
    [InlineData("--network sets the RTT, jitter and bandwidth itself", "run", "--network", "wan", "--rtt", "10ms")]
    [InlineData("--seed", "run", "--seed", "-3")]
    [InlineData("--rtt: '1 fortnight' is not a delay", "serve", "--rtt", "1 fortnight")]
    [InlineData("--network sets the RTT, jitter and bandwidth itself", "serve", "--network", "wan", "--bandwidth", "1mbit")]
    public async Task Bad_input_gives_one_line_and_exit_code_2(string mentions, params string[] args)
    {
        var outcome = await BenchProcess.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_run_option()
    {
        var outcome = await BenchProcess.RunAsync("run", "--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var option in new[] { "--transports", "--payload", "--rate", "--clients", "--poll-interval", "--upstream-rate", "--arrivals", "--rtt", "--jitter", "--bandwidth", "--network", "--seed", "--drop-every", "--duration", "--warmup", "--profile", "--find-max", "--p99", "--max-time", "--server", "--token", "--out" })
        {
            Assert.Contains(option, outcome.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_shows_each_network_presets_figures_from_the_preset_data()
    {
        var outcome = await BenchProcess.RunAsync("run", "--help");

        Assert.Equal(0, outcome.ExitCode);
        var help = string.Join(' ', outcome.Stdout.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.All(Transports.Network.NetworkPresets.All, preset => Assert.Contains(preset.Summary, help, StringComparison.Ordinal));
        Assert.Contains("mobile: 150 ms RTT ± 20 ms jitter, 5 Mbit/s", help, StringComparison.Ordinal);
    }
}
