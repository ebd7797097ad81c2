using Transports.Bench;
using Transports.Bench.Cli;
using Transports.Tests.Cli;

namespace Transports.Tests.MultiHost;

/// <summary>The multi-host options: bad input is one line and exit 2; off loopback the control plane gets a token.</summary>
public sealed class MultiHostUsageTests
{
    [Theory]
    [InlineData("--client-share: '3/2'", "run", "--client-share", "3/2", "--server", "http://127.0.0.1:9/")]
    [InlineData("give its control URL with --server", "run", "--client-share", "1/2")]
    [InlineData("2 clients cannot be split into 3 shares", "run", "--client-share", "1/3", "--clients", "2", "--server", "http://127.0.0.1:9/")]
    [InlineData("--control-address: 'nowhere'", "serve", "--control-address", "nowhere")]
    [InlineData("--control-token: give 16..256", "serve", "--control-token", "short")]
    [InlineData("No results file", "results", "merge", "/proc/transports-no-such-shard", "--out", "/tmp/transports-merge-never")]
    public async Task Bad_input_gives_one_line_and_exit_code_2(string mentions, params string[] args)
    {
        var outcome = await BenchProcess.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_samples_is_not_a_shard()
    {
        var outcome = await BenchProcess.RunAsync("results", "merge", Path.Combine(RepositoryRoot.Path, "results", "reference"), "--out", "/tmp/transports-merge-never");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("error: No samples file", outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.77.0.1", true)]
    public void Off_loopback_the_control_plane_gets_a_token(string address, bool token)
    {
        var parse = BenchCli.CreateRoot().Parse(["serve", "--control-address", address]);

        var options = ServeCommand.ResolveOptions(parse);

        Assert.Equal(address, options.ControlAddress.ToString());
        Assert.Equal(token, options.ControlToken is { Length: >= 16 });
    }

    [Fact]
    public void A_given_token_is_kept()
    {
        var parse = BenchCli.CreateRoot().Parse(["serve", "--control-address", "10.77.0.1", "--control-token", "a-token-of-twenty-chars"]);

        Assert.Equal("a-token-of-twenty-chars", ServeCommand.ResolveOptions(parse).ControlToken);
    }

    [Fact]
    public async Task Help_documents_the_multi_host_options()
    {
        var run = await BenchProcess.RunAsync("run", "--help");
        var serve = await BenchProcess.RunAsync("serve", "--help");
        var merge = await BenchProcess.RunAsync("results", "merge", "--help");

        Assert.All(["--client-share", "--token", "--crank-json"], o => Assert.Contains(o, run.Stdout, StringComparison.Ordinal));
        Assert.All(["--control-address", "--control-token"], o => Assert.Contains(o, serve.Stdout, StringComparison.Ordinal));
        Assert.Contains("--out", merge.Stdout, StringComparison.Ordinal);
    }
}
