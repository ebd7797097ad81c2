using Transports.Bench;
using Transports.Bench.Cli;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;
using Transports.Results.Tests;

namespace Transports.Tests.Cli;

/// <summary>
/// Every dimension has a `run` option that takes the value its name segment shows, and the value travels
/// through the plan, the scenario and the result to the name. A dimension missing any of these fails here.
/// </summary>
public sealed class DimensionOptionTests
{
    public static TheoryData<string> Dimensions => [.. ScenarioDimensions.All.Select(d => d.Key)];

    /// <summary>What an option needs beside it to take effect: jitter applies only where half the RTT holds it.</summary>
    private static readonly Dictionary<string, string[]> Companions = new(StringComparer.Ordinal)
    {
        [ScenarioDimensions.Jitter.Key] = ["--rtt", "100ms"],
    };

    private static RunPlan Plan(params string[] args)
    {
        var parse = BenchCli.CreateRoot().Parse(["run", .. args]);
        Assert.Empty(parse.Errors);
        return RunCommand.ResolvePlan(parse);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Its_option_takes_the_name_text_and_every_scenario_carries_the_value(string key)
    {
        var dimension = ScenarioDimensions.All.Single(d => d.Key == key);
        var entry = RunCommand.DimensionOptions.Where(o => o.Dimension == dimension).ToList();
        Assert.True(entry.Count == 1, $"{key} has no `run` option in RunCommand.DimensionOptions");
        // Off the default and off what ci (every dimension at its default) runs: the default profile runs poisson already.
        var before = ScenarioResults.Identity(RunPlan.Ci.Scenarios()[0]);
        var value = DimensionValues.OffDefault(dimension, before);

        var plan = Plan([entry[0].Option.Name, dimension.NameText(value), .. Companions.GetValueOrDefault(key, [])]);

        // A dimension that concerns some transports only (SignalR's transport) is set on theirs; the others keep one scenario at the default.
        Assert.Contains(plan.Scenarios(), s => dimension.AppliesTo(s.Transport));
        Assert.All(plan.Scenarios().Where(s => !dimension.AppliesTo(s.Transport) && !dimension.AlwaysNamed), scenario =>
            Assert.Equal(dimension.Default, dimension.Read(ScenarioResults.Identity(scenario))));
        Assert.All(plan.Scenarios().Where(s => dimension.AppliesTo(s.Transport)), scenario =>
        {
            var result = ScenarioResults.Identity(scenario);
            Assert.Equal(value, dimension.Read(result));
            Assert.Contains("/" + dimension.NameSegment(value), scenario.Name, StringComparison.Ordinal);
            Assert.Equal(result.Name, scenario.Name);
        });
    }

    [Fact]
    public void Client_kinds_double_every_transport_a_page_speaks_and_the_floor_runs_once_with_dotnet_clients()
    {
        var plan = Plan("--client-kind", "dotnet,chromium", "--payload", "16", "--clients", "2");

        var kinds = plan.Scenarios().GroupBy(s => s.Transport).ToDictionary(g => g.Key, g => g.Select(s => s.ClientKind).ToList());
        Assert.All(Transports.Contract.TransportIds.All, d => Assert.Equal(
            d.Browser == Transports.Contract.BrowserApi.None ? [ClientKinds.Dotnet] : new List<string> { ClientKinds.Dotnet, ClientKinds.Chromium },
            kinds[d.Id]));
        Assert.Equal(
            [ClientKinds.Dotnet],
            Plan("--client-kind", "chromium", "--transports", "sse").Scenarios().Where(s => s.Transport == Transports.Contract.TransportIds.Tcp).Select(s => s.ClientKind).Distinct());
    }

    [Fact]
    public void Browser_clients_are_labelled_with_the_headers_they_send_the_browser_profile()
    {
        var plan = Plan("--client-kind", "dotnet,chromium", "--transports", "sse", "--payload", "16", "--clients", "2");

        Assert.All(plan.Scenarios().Where(s => s.ClientKind == ClientKinds.Chromium), s => Assert.Equal(Transports.Contract.ClientProfiles.Browser, s.ClientProfile));
        Assert.All(plan.Scenarios().Where(s => s.ClientKind == ClientKinds.Dotnet), s => Assert.Equal(Transports.Contract.ClientProfiles.Minimal, s.ClientProfile));
    }

    [Fact]
    public void Help_documents_every_dimension_option()
    {
        var help = new StringWriter();
        BenchCli.CreateRoot().Parse(["run", "--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = help });

        Assert.All(RunCommand.DimensionOptions, o => Assert.Contains(o.Option.Name, help.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Arrivals_is_a_list_that_builds_the_matrix()
    {
        var plan = Plan("--transports", "sse", "--payload", "16", "--clients", "1", "--arrivals", "fixed,poisson");

        Assert.Equal(
            [
                "sse/payload=16/rate=10/clients=1/poll=250ms/up=0",
                "tcp/payload=16/rate=10/clients=1/poll=250ms/up=0",
                "sse/payload=16/rate=10/clients=1/poll=250ms/up=0/arrivals=poisson",
                "tcp/payload=16/rate=10/clients=1/poll=250ms/up=0/arrivals=poisson",
            ],
            plan.Scenarios().Select(s => s.Name));
        Assert.Equal([Arrival.Poisson], Plan().Arrivals);
        Assert.Equal([Arrival.Fixed], RunPlan.Ci.Arrivals);
    }

    [Fact]
    public void A_value_given_twice_is_one_scenario()
    {
        Assert.Equal(2, Plan("--transports", "tcp", "--payload", "16,16", "--clients", "1,1", "--rate", "10,10.0", "--poll-interval", "250ms,0.25s", "--arrivals", "poisson,fixed,poisson").Scenarios().Count);
    }

    [Fact]
    public void The_path_options_build_the_matrix_and_a_preset_names_its_figures()
    {
        var plan = Plan("--transports", "tcp", "--payload", "16", "--clients", "1", "--arrivals", "fixed", "--rtt", "0,50ms", "--bandwidth", "10mbit");

        Assert.Equal(
            [
                "tcp/payload=16/rate=10/clients=1/poll=250ms/up=0/bw=10mbit",
                "tcp/payload=16/rate=10/clients=1/poll=250ms/up=0/rtt=50ms/bw=10mbit",
            ],
            plan.Scenarios().Select(s => s.Name));

        var mobile = Assert.Single(Plan("--transports", "tcp", "--payload", "16", "--clients", "1", "--arrivals", "fixed", "--network", "mobile").Scenarios());
        Assert.Equal("tcp/payload=16/rate=10/clients=1/poll=250ms/up=0/rtt=150ms/jitter=20ms/bw=5mbit/network=mobile", mobile.Name);
        Assert.Equal((TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(20), 5_000_000L), (mobile.Conditions.Rtt, mobile.Conditions.Jitter, mobile.Conditions.BandwidthBitsPerSecond!.Value));
    }

    [Fact]
    public void Jitter_applies_where_it_fits_within_half_the_rtt_and_the_rest_run_without()
    {
        var plan = Plan("--transports", "tcp", "--payload", "16", "--clients", "1", "--arrivals", "fixed", "--rtt", "0,50ms", "--jitter", "5ms");

        Assert.Equal([(0.0, 0.0), (50.0, 5.0)], plan.Scenarios().Select(s => (s.Rtt.TotalMilliseconds, s.Jitter.TotalMilliseconds)));
        Assert.Equal([TimeSpan.Zero], plan.JitterLeftOut());
    }

    [Fact]
    public void The_seed_is_recorded_in_the_plan_and_replays_the_scenarios_seeds()
    {
        var first = Plan("--transports", "polling", "--payload", "16", "--clients", "1", "--seed", "42");
        var again = Plan("--transports", "polling", "--payload", "16", "--clients", "1", "--seed", "42");
        var other = Plan("--transports", "polling", "--payload", "16", "--clients", "1", "--seed", "43");

        Assert.Equal(42, first.Seed);
        var seeds = first.Scenarios().Select(ScenarioSeeding.For).ToList();
        Assert.Equal(seeds, again.Scenarios().Select(ScenarioSeeding.For));
        Assert.NotEqual(seeds, other.Scenarios().Select(ScenarioSeeding.For));

        // Every transport of one comparison gets the same arrivals; only polling draws phases.
        Assert.Equal(seeds[0].Feed, seeds[1].Feed);
        Assert.NotNull(seeds[0].Feed);
        Assert.Equal((true, false), (seeds[0].PollPhase is not null, seeds[1].PollPhase is not null));
        Assert.Null(seeds[0].Jitter);
        Assert.Equal(RunPlan.DefaultSeed, RunPlan.Ci.Seed);
    }

    [Fact]
    public void Ci_runs_every_transport_but_those_named_not_deterministic()
    {
        var ci = RunPlan.Ci.Scenarios().Select(s => s.Transport).Distinct().ToList();

        Assert.Equal([.. TransportIds.Ids.Where(id => id != TransportIds.SignalR)], ci);
        Assert.Equal([TransportIds.SignalR], RunPlan.NotInCi);
    }

    [Fact]
    public void Polling_phases_spread_over_one_interval_from_the_seed()
    {
        var phases = ScenarioSeeding.PollPhases(7, 200, TimeSpan.FromMilliseconds(250));

        Assert.Equal(phases, ScenarioSeeding.PollPhases(7, 200, TimeSpan.FromMilliseconds(250)));
        Assert.All(phases, p => Assert.InRange(p, TimeSpan.Zero, TimeSpan.FromMilliseconds(250)));
        Assert.InRange(phases.Count(p => p < TimeSpan.FromMilliseconds(125)), 70, 130);
    }

    [Fact]
    public void The_committed_baseline_and_reference_run_keep_their_names()
    {
        foreach (var file in new[] { Path.Combine("results", "baseline.json"), Path.Combine("results", "reference", "results.json") })
        {
            var run = ResultsJson.Read(Path.Combine(RepositoryRoot.Path, file));
            Assert.All(run.Scenarios, s => Assert.Equal(s.Name, ScenarioDimensions.NameOf(s)));
        }
    }
}
