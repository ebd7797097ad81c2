using System.Text.RegularExpressions;
using Transports.Bench;
using Transports.Bench.Cli;
using Transports.Contract;
using Transports.Tests.Cli;

namespace Transports.Tests.Crank;

/// <summary>
/// bench/crank.yml against what crank requires (crank itself cannot be installed here): the schema's structure
/// and the controller's rules (<see cref="CrankConfigCheck"/>), and beyond them, what only this suite knows:
/// every job's command line, with crank's variables filled in for every scenario under every profile, is one the
/// program accepts, and the server and the load agree on the address and the token.
/// </summary>
public sealed partial class CrankConfigTests
{
    private static readonly string ConfigPath = Path.Combine(RepositoryRoot.Path, "bench", "crank.yml");

    private static Dictionary<string, object?> Config { get; } = (Dictionary<string, object?>)YamlSubset.Parse(File.ReadAllText(ConfigPath))!;

    [Fact]
    public void Crank_yml_has_the_structure_crank_requires()
    {
        var errors = CrankConfigCheck.Check(Config);

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void The_check_finds_what_crank_would_refuse()
    {
        var broken = YamlSubset.Parse("""
            jobs:
              server:
                sources:
                  here:
                    branchOrCommit: main
                waitForExit: "yes"
                timeout: soon
                arguments: "serve --port {{serverPort}"
            scenarios:
              s:
                application:
                  job: server
                load:
                  job: missing
            profiles:
              p:
                jobs:
                  application:
                    endpoints:
                      - not a url
            extra: 1
            """);

        var errors = CrankConfigCheck.Check(broken);

        Assert.Contains("'extra' is not a top-level key crank knows", errors);
        Assert.Contains("jobs.server.sources.here: neither a repository nor a localFolder", errors);
        Assert.Contains("jobs.server.waitForExit: not a boolean", errors);
        Assert.Contains("jobs.server.timeout: not an integer", errors);
        Assert.Contains("jobs.server.arguments: unbalanced {{ }}", errors);
        Assert.Contains("scenarios.s.load: the job 'missing' is not defined", errors);
        Assert.Contains("profiles.p.jobs.application: 'not a url' is not an http(s) URL", errors);
        Assert.Contains("profiles.p: no agent for service 'load' of scenario 's'", errors);
        Assert.Throws<FormatException>(() => YamlSubset.Parse("jobs: {server: {}}"));
    }

    [Fact]
    public void Every_job_builds_a_project_of_this_repository()
    {
        foreach (var (name, value) in Map(Config["jobs"]))
        {
            var job = Map(value);
            var project = Text(job["project"]).Split('/', 2);
            var source = Map(Map(job["sources"])[project[0]]);
            var folder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ConfigPath)!, Text(source["localFolder"])));
            Assert.True(File.Exists(Path.Combine(folder, project[1])), $"jobs.{name}: {project[1]} is not under {folder}");
        }
    }

    [Fact]
    public void Profiles_put_the_server_on_one_agent_and_the_load_on_one_or_three()
    {
        var loads = new List<int>();
        foreach (var (name, value) in Map(Config["profiles"]))
        {
            var profile = Map(value);
            var agents = CrankConfigCheck.Agents(profile).ToDictionary(a => a.Name);
            Assert.Single(agents["application"].Endpoints);

            // The load job runs on every endpoint with one command line: auto/N must count them.
            var endpoints = agents["load"].Endpoints.Count;
            Assert.True(Text(Map(profile["variables"])["loadAgents"]) == endpoints.ToString(System.Globalization.CultureInfo.InvariantCulture), $"profiles.{name}: loadAgents is not its {endpoints} load endpoints");
            loads.Add(endpoints);
        }

        Assert.Contains(1, loads);
        Assert.Contains(3, loads);
    }

    [Fact]
    public void Every_transport_this_host_serves_has_a_scenario()
    {
        var scenarios = Map(Config["scenarios"]);
        foreach (var transport in TransportIds.All.Where(d => d.Host == TransportHost.Kestrel).Select(d => d.Id))
        {
            Assert.True(scenarios.ContainsKey(transport), $"no crank scenario for {transport}");
            Assert.Equal(transport, Text(Map(Map(Map(scenarios[transport])["load"])["variables"])["transport"]));
        }
    }

    [Fact]
    public void Every_command_line_is_one_the_program_takes_and_server_and_load_agree()
    {
        foreach (var (profileName, profileValue) in Map(Config["profiles"]))
        {
            foreach (var (scenarioName, scenarioValue) in Map(Config["scenarios"]))
            {
                var where = $"scenario {scenarioName}, profile {profileName}";
                var server = Arguments(Map(Map(scenarioValue)["application"]), Map(profileValue), "application", where);
                var load = Arguments(Map(Map(scenarioValue)["load"]), Map(profileValue), "load", where);
                var variables = Variables(Map(Map(scenarioValue)["load"]), Map(profileValue), "load");

                var serve = ServeCommand.ResolveOptions(Parse(server, where));
                var runParse = Parse(load, where);
                var plan = RunCommand.ResolvePlan(runParse);
                var controlUri = BenchCli.ServerUri(runParse.GetValue<string?>("--server"));
                var remote = RunCommand.ResolveServer(runParse, controlUri, plan, RunCommand.ResolveSearch(runParse));

                Assert.Equal(variables["serverAddress"], serve.ControlAddress.ToString());
                Assert.Equal(variables["serverAddress"], controlUri!.Host);
                Assert.Equal(serve.ControlPort, controlUri.Port);
                Assert.NotNull(serve.ControlToken);
                Assert.Equal(serve.ControlToken, remote.Token);
                Assert.Equal(int.Parse(variables["loadAgents"], System.Globalization.CultureInfo.InvariantCulture), remote.Share.Shares);
                Assert.Null(remote.Share.Share);
                Assert.Contains(variables["transport"], plan.Transports);
                Assert.Equal("-", runParse.GetValue<string?>("--crank-json"));
            }
        }
    }

    /// <summary>A service's job arguments with crank's variables filled in: root, job, scenario service, profile, profile agent (later wins).</summary>
    private static string[] Arguments(Dictionary<string, object?> service, Dictionary<string, object?> profile, string agent, string where)
    {
        var variables = Variables(service, profile, agent);
        var job = Map(Map(Config["jobs"])[Text(service["job"])]);
        var text = Liquid().Replace(Text(job["arguments"]), m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"{where}: no variable '{m.Groups[1].Value}'"));
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Dictionary<string, string> Variables(Dictionary<string, object?> service, Dictionary<string, object?> profile, string agent)
    {
        var job = Map(Map(Config["jobs"])[Text(service["job"])]);
        var agentEntry = Map(Map(profile["jobs"])[agent]);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in new[] { Config.GetValueOrDefault("variables"), job.GetValueOrDefault("variables"), service.GetValueOrDefault("variables"), profile.GetValueOrDefault("variables"), agentEntry.GetValueOrDefault("variables") })
        {
            foreach (var (key, value) in layer as Dictionary<string, object?> ?? [])
            {
                variables[key] = Text(value);
            }
        }

        return variables;
    }

    private static System.CommandLine.ParseResult Parse(string[] args, string where)
    {
        var parse = BenchCli.CreateRoot().Parse(args);
        Assert.True(parse.Errors.Count == 0, $"{where}: {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        return parse;
    }

    private static Dictionary<string, object?> Map(object? value) => Assert.IsType<Dictionary<string, object?>>(value);

    private static string Text(object? value) => Assert.IsType<YamlScalar>(value).Text;

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Liquid();
}
