using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;

namespace Transports.Bench.Micro;

/// <summary>
/// The one configuration of `micro`: BenchmarkDotNet's default loggers, columns, analysers and validators, plus
/// allocations per operation, and reports as full JSON (keyed by each benchmark's full name, for comparing runs)
/// and GitHub Markdown under <see cref="ArtifactsPath"/>. Jobs come from the command line (`--job`).
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig(string artifactsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactsPath);
        var defaults = DefaultConfig.Instance;
        AddLogger([.. defaults.GetLoggers()]);
        AddColumnProvider([.. defaults.GetColumnProviders()]);
        AddAnalyser([.. defaults.GetAnalysers()]);
        AddValidator([.. defaults.GetValidators()]);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddExporter(JsonExporter.Full, MarkdownExporter.GitHub);
        ArtifactsPath = artifactsPath;

        // A Debug build (what the tests build) still runs, so `micro --job dry` checks every benchmark from it;
        // its figures mean nothing. A Release build keeps the validator that refuses unoptimized code.
        if (IsDebugBuild)
        {
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }

    /// <summary>The benchmarks were compiled without optimizations.</summary>
    public static bool IsDebugBuild { get; } =
        typeof(MicroConfig).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled ?? false;
}
