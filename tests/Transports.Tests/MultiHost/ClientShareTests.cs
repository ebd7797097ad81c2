using Transports.Bench;
using Transports.Bench.Harness;
using Transports.Contract;

namespace Transports.Tests.MultiHost;

/// <summary>How `--client-share K/N` splits the clients, and that a share keeps the whole run's scenario name.</summary>
public sealed class ClientShareTests
{
    [Theory]
    [InlineData("1/2", 1, 2)]
    [InlineData("3/3", 3, 3)]
    [InlineData("1/1", 1, 1)]
    public void Parses_K_of_N(string text, int share, int shares) =>
        Assert.Equal(new ClientShare(share, shares), ClientShare.Parse(text, "--client-share"));

    [Fact]
    public void Auto_is_numbered_later() => Assert.Equal(new ClientShare(null, 3), ClientShare.Parse("auto/3", "--client-share"));

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("2")]
    [InlineData("1/0")]
    [InlineData("1/65")]
    [InlineData("-1/2")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    public void Refuses_anything_else(string text)
    {
        var error = Assert.Throws<UsageException>(() => ClientShare.Parse(text, "--client-share"));
        Assert.StartsWith("--client-share:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(25, 2)]
    [InlineData(10, 3)]
    [InlineData(7, 7)]
    [InlineData(1000, 64)]
    public void Shares_split_every_client_once(int clients, int shares)
    {
        var parts = Enumerable.Range(1, shares).Select(k => new ClientShare(k, shares).ClientsOf(clients)).ToList();

        Assert.Equal(clients, parts.Sum());
        Assert.True(parts.Max() - parts.Min() <= 1);
    }

    [Fact]
    public void A_share_runs_its_clients_under_the_whole_runs_name()
    {
        var whole = new Scenario(TransportIds.WebSocket, 16, 10, 25, TimeSpan.FromMilliseconds(250), 0, TimeSpan.FromSeconds(1), TimeSpan.Zero, 1);

        var first = new ClientShare(1, 2).Apply(whole);
        var second = new ClientShare(2, 2).Apply(whole);

        Assert.Equal((13, 12), (first.Clients, second.Clients));
        Assert.Equal(whole.Name, first.Name);
        Assert.Equal(whole.Name, second.Name);
        Assert.Equal("1/2", ScenarioResults.Identity(first).ClientShare);
        Assert.Equal(25, ScenarioResults.Identity(second).Clients);
        Assert.Same(whole, ClientShare.Whole.Apply(whole));
    }

    [Fact]
    public void The_run_key_is_the_plans_and_the_shares()
    {
        string[] plan = ["a", "b"];
        Assert.Equal(ShardSync.RunKey(plan, 2), ShardSync.RunKey(["a", "b"], 2));
        Assert.NotEqual(ShardSync.RunKey(plan, 2), ShardSync.RunKey(plan, 3));
        Assert.NotEqual(ShardSync.RunKey(plan, 2), ShardSync.RunKey(["a", "c"], 2));
    }
}
