using Transports.Bench;
using Transports.Bench.Cli;
using Transports.Bench.Harness;
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
        var before = ScenarioResults.Identity(Plan().Scenarios()[0]);
        var value = DimensionValues.OffDefault(dimension, before);

        var plan = Plan(entry[0].Option.Name, dimension.NameText(value));

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
        Assert.Equal([Arrival.Fixed], Plan().Arrivals);
    }

    [Fact]
    public void A_value_given_twice_is_one_scenario()
    {
        Assert.Equal(2, Plan("--transports", "tcp", "--payload", "16,16", "--clients", "1,1", "--rate", "10,10.0", "--poll-interval", "250ms,0.25s", "--arrivals", "poisson,fixed,poisson").Scenarios().Count);
    }

    [Fact]
    public void Only_fixed_arrivals_are_published_until_the_server_takes_others()
    {
        var plan = Plan("--transports", "sse", "--payload", "16", "--clients", "1", "--arrivals", "fixed,poisson");

        var reasons = plan.Scenarios().Select(RunExecution.NotPublishable).ToList();

        Assert.Equal([null, null], reasons.Take(2));
        Assert.All(reasons.Skip(2), r => Assert.Contains("poisson arrivals are not implemented yet", r, StringComparison.Ordinal));
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
