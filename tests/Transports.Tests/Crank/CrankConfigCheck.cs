using System.Text.RegularExpressions;

namespace Transports.Tests.Crank;

/// <summary>
/// What crank requires of a configuration, written from dotnet/crank's controller: the structure of its
/// benchmarks.schema.json (top-level imports, variables, jobs and scenarios; a job's typed properties; a scenario's
/// services referring to a job by name) and what Program.cs enforces when it loads one (the job a service names
/// exists; every service of a scenario finds an agent, by name or alias, in the profile it runs under; an agent has
/// endpoints). Returns every problem as a line; none means crank would accept the file.
/// </summary>
public static partial class CrankConfigCheck
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "imports", "variables", "jobs", "scenarios", "profiles", "scripts", "counters", "results", "commands" };
    private static readonly HashSet<string> JobStrings = new(StringComparer.Ordinal)
    {
        "readyStateText", "sdkVersion", "aspNetCoreVersion", "runtimeVersion", "arguments", "project", "executable", "dockerFile", "dockerImageName", "dockerCommand", "dockerLoad", "dockerContextDirectory",
    };
    private static readonly HashSet<string> JobBooleans = new(StringComparer.Ordinal) { "waitForExit", "isConsoleApp", "noBuild", "selfContained" };
    private static readonly HashSet<string> SourceStrings = new(StringComparer.Ordinal) { "repository", "branchOrCommit", "localFolder", "destinationFolder", "project", "dockerFile", "dockerImageName", "dockerCommand", "dockerLoad", "dockerContextDirectory" };
    private static readonly HashSet<string> SourceBooleans = new(StringComparer.Ordinal) { "initSubmodules", "cacheOnAgent" };

    public static List<string> Check(object? root)
    {
        var errors = new List<string>();
        if (root is not Dictionary<string, object?> top || top.Count == 0)
        {
            errors.Add("the file is not a non-empty mapping");
            return errors;
        }

        errors.AddRange(top.Keys.Where(k => !TopLevel.Contains(k)).Select(k => $"'{k}' is not a top-level key crank knows"));
        if (top.TryGetValue("imports", out var imports) && (imports is not List<object?> list || list.Any(i => i is not YamlScalar)))
        {
            errors.Add("imports: not a list of strings");
        }

        Object(top, "variables", "variables", errors);
        var jobs = Object(top, "jobs", "jobs", errors) ?? [];
        foreach (var (name, job) in jobs)
        {
            CheckJob($"jobs.{name}", job, errors);
        }

        var scenarios = Object(top, "scenarios", "scenarios", errors) ?? [];
        foreach (var (scenario, services) in scenarios)
        {
            if (services is not Dictionary<string, object?> serviceMap || serviceMap.Count == 0)
            {
                errors.Add($"scenarios.{scenario}: not a mapping of services");
                continue;
            }

            foreach (var (service, reference) in serviceMap)
            {
                var path = $"scenarios.{scenario}.{service}";
                if (reference is not Dictionary<string, object?> job)
                {
                    errors.Add($"{path}: not a job reference");
                    continue;
                }

                if (!job.TryGetValue("job", out var named) || named is not YamlScalar { Text.Length: > 0 } jobName)
                {
                    errors.Add($"{path}: names no job");
                }
                else if (!jobs.ContainsKey(jobName.Text))
                {
                    errors.Add($"{path}: the job '{jobName.Text}' is not defined");
                }

                CheckJob(path, job.Where(p => p.Key is not "job" and not "agent").ToDictionary(p => p.Key, p => p.Value), errors);
            }
        }

        foreach (var (profile, value) in Object(top, "profiles", "profiles", errors) ?? [])
        {
            CheckProfile(profile, value, scenarios, errors);
        }

        return errors;
    }

    /// <summary>The agents of a profile: name, aliases and endpoints.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Endpoints)> Agents(Dictionary<string, object?> profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var agents = (profile.GetValueOrDefault("agents") ?? profile.GetValueOrDefault("jobs")) as Dictionary<string, object?> ?? [];
        foreach (var (name, value) in agents)
        {
            var agent = value as Dictionary<string, object?> ?? [];
            yield return (name, Strings(agent.GetValueOrDefault("aliases")), Strings(agent.GetValueOrDefault("endpoints")));
        }
    }

    private static void CheckProfile(string profile, object? value, Dictionary<string, object?> scenarios, List<string> errors)
    {
        if (Mapping($"profiles.{profile}", value, errors) is not { } map)
        {
            return;
        }

        Object(map, "variables", $"profiles.{profile}.variables", errors);
        if ((map.GetValueOrDefault("agents") ?? map.GetValueOrDefault("jobs")) is not Dictionary<string, object?>)
        {
            errors.Add($"profiles.{profile}: no jobs (agents) mapping");
            return;
        }

        var agents = Agents(map).ToList();
        foreach (var (name, _, endpoints) in agents)
        {
            if (endpoints.Count == 0)
            {
                errors.Add($"profiles.{profile}.jobs.{name}: no endpoints");
            }

            errors.AddRange(endpoints.Where(e => !Uri.TryCreate(e, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                .Select(e => $"profiles.{profile}.jobs.{name}: '{e}' is not an http(s) URL"));
        }

        // Program.cs: each service of the scenario finds its agent by its `agent` property or its own name, or an alias.
        foreach (var (scenario, services) in scenarios)
        {
            foreach (var (service, reference) in services as Dictionary<string, object?> ?? [])
            {
                var wanted = (reference as Dictionary<string, object?>)?.GetValueOrDefault("agent") is YamlScalar agent ? agent.Text : service;
                if (!agents.Any(a => a.Name == wanted || a.Aliases.Contains(wanted)))
                {
                    errors.Add($"profiles.{profile}: no agent for service '{wanted}' of scenario '{scenario}'");
                }
            }
        }
    }

    private static void CheckJob(string path, object? value, List<string> errors)
    {
        if (Mapping(path, value, errors) is not { } job)
        {
            return;
        }

        CheckScalars(path, job, JobStrings, JobBooleans, errors);
        foreach (var (key, property) in job)
        {
            var where = $"{path}.{key}";
            if (key == "timeout" && property is not YamlScalar { IsInteger: true })
            {
                errors.Add($"{where}: not an integer");
            }
            else if (key is "variables" or "parameters" or "environmentVariables" && property is not Dictionary<string, object?>)
            {
                errors.Add($"{where}: not a mapping");
            }
            else if (key == "source")
            {
                CheckSource(where, property, errors);
            }
            else if (key == "sources")
            {
                if (property is not Dictionary<string, object?> { Count: > 0 } sources)
                {
                    errors.Add($"{where}: not a mapping of named sources");
                    continue;
                }

                foreach (var (name, source) in sources)
                {
                    CheckSource($"{where}.{name}", source, errors);
                }
            }
        }

        if (job.GetValueOrDefault("arguments") is YamlScalar arguments && Opening().Count(arguments.Text) != Closing().Count(arguments.Text))
        {
            errors.Add($"{path}.arguments: unbalanced {{{{ }}}}");
        }
    }

    private static void CheckSource(string path, object? value, List<string> errors)
    {
        if (Mapping(path, value, errors) is not { } source)
        {
            return;
        }

        CheckScalars(path, source, SourceStrings, SourceBooleans, errors);

        if (!source.ContainsKey("repository") && !source.ContainsKey("localFolder"))
        {
            errors.Add($"{path}: neither a repository nor a localFolder");
        }
    }

    private static Dictionary<string, object?>? Mapping(string path, object? value, List<string> errors)
    {
        if (value is Dictionary<string, object?> map)
        {
            return map;
        }

        errors.Add($"{path}: not a mapping");
        return null;
    }

    /// <summary>The properties the schema types as strings or booleans hold one.</summary>
    private static void CheckScalars(string path, Dictionary<string, object?> map, HashSet<string> strings, HashSet<string> booleans, List<string> errors)
    {
        foreach (var (key, property) in map)
        {
            if (strings.Contains(key) && property is not YamlScalar)
            {
                errors.Add($"{path}.{key}: not a string");
            }
            else if (booleans.Contains(key) && property is not YamlScalar { IsBoolean: true })
            {
                errors.Add($"{path}.{key}: not a boolean");
            }
        }
    }

    private static Dictionary<string, object?>? Object(Dictionary<string, object?> parent, string key, string path, List<string> errors)
    {
        return parent.TryGetValue(key, out var value) ? Mapping(path, value, errors) : null;
    }

    private static List<string> Strings(object? value) => value is List<object?> list ? [.. list.OfType<YamlScalar>().Select(s => s.Text)] : [];

    [GeneratedRegex(@"\{\{")]
    private static partial Regex Opening();

    [GeneratedRegex(@"\}\}")]
    private static partial Regex Closing();
}
