using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Transports.Bench.Micro;

/// <summary>
/// The micro-benchmarks and how `micro` runs them: BenchmarkDotNet's own arguments (--filter, --job, --list, ...)
/// through <see cref="BenchmarkSwitcher"/>, with two defaults: every benchmark when no filter is given (instead of
/// asking on the console), and in this process unless a toolchain was chosen (no benchmark project is generated
/// and built per run).
/// </summary>
public static class MicroSuite
{
    /// <summary>Every micro-benchmark class: the one list.</summary>
    public static IReadOnlyList<Type> Benchmarks { get; } =
        [typeof(CodecBenchmarks), typeof(ParseBenchmarks), typeof(RecordBenchmarks), typeof(RoundTripBenchmarks), typeof(SendBenchmarks)];

    /// <summary>Where reports go unless --artifacts says otherwise (git-ignored).</summary>
    public static string DefaultArtifactsPath() => Path.Combine(RepositoryPaths.ResultsDirectory(), "micro");

    /// <summary>
    /// Runs the benchmarks <paramref name="arguments"/> select. Ok when every one ran; Failure when one failed, a
    /// validator refused one or the filter matched nothing; Usage when BenchmarkDotNet refused the arguments.
    /// Listing, --info and BenchmarkDotNet's help are Ok.
    /// </summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(error);
        var config = new MicroConfig(DefaultArtifactsPath());
        var (parsed, _, options) = ConfigParser.Parse([.. arguments], ConsoleLogger.Default, config);
        if (!parsed)
        {
            return BenchCli.Usage;
        }

        if (options is null)
        {
            return BenchCli.Ok;
        }

        if (MicroConfig.IsDebugBuild)
        {
            error.WriteLine("micro: this is a Debug build; it checks that the benchmarks run, but its figures mean nothing (build with -c Release)");
        }

        var summaries = BenchmarkSwitcher.FromTypes([.. Benchmarks]).Run(WithDefaults(arguments, options), config).ToList();
        if (options.PrintInformation || options.ListBenchmarkCaseMode != BenchmarkDotNet.ConsoleArguments.ListBenchmarks.ListBenchmarkCaseMode.Disabled)
        {
            return BenchCli.Ok;
        }

        return Judge(summaries, error);
    }

    /// <summary>The user's arguments plus the defaults they did not override.</summary>
    public static string[] WithDefaults(IReadOnlyList<string> arguments, CommandLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<string>(arguments);
        if (!HasAny(options.Filters) && !HasAny(options.AllCategories) && !HasAny(options.AnyCategories) && !HasAny(options.AttributeNames))
        {
            result.AddRange(["--filter", "*"]);
        }

        var toolchainChosen = options.RunInProcess || HasAny(options.Runtimes) || options.CoreRunPaths is { Count: > 0 }
            || options.CliPath is not null || options.MonoPath is not null || options.ClrVersion is not null
            || options.ILCompilerVersion is not null || options.IlcPackages is not null || options.WasmJavascriptEngine is not null
            || options.AOTCompilerPath is not null || options.CustomRuntimePack is not null;
        if (!toolchainChosen)
        {
            result.Add("--inProcess");
        }

        return [.. result];
    }

    /// <summary>Failure when nothing ran, a validator refused a benchmark, or one failed; each is named on <paramref name="error"/>.</summary>
    public static int Judge(IReadOnlyList<Summary> summaries, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(error);
        if (summaries.Count == 0)
        {
            error.WriteLine("micro: no benchmark ran (the filter matched nothing, or BenchmarkDotNet stopped early: see above)");
            return BenchCli.Failure;
        }

        var failed = 0;
        foreach (var summary in summaries)
        {
            foreach (var validation in summary.ValidationErrors.Where(e => e.IsCritical))
            {
                error.WriteLine($"micro: refused: {validation.BenchmarkCase?.DisplayInfo ?? summary.Title}: {validation.Message}");
                failed++;
            }

            foreach (var report in summary.Reports.Where(r => !r.Success))
            {
                error.WriteLine($"micro: failed: {report.BenchmarkCase.DisplayInfo}");
                failed++;
            }

            if (summary.Reports.Length == 0 && !summary.HasCriticalValidationErrors)
            {
                error.WriteLine($"micro: {summary.Title}: no benchmark ran");
                failed++;
            }
        }

        return failed == 0 ? BenchCli.Ok : BenchCli.Failure;
    }

    private static bool HasAny(IEnumerable<string>? values) => values?.Any() == true;
}
