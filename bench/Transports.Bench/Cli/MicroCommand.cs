using System.CommandLine;
using Transports.Bench.Micro;

namespace Transports.Bench.Cli;

/// <summary>
/// `micro [BenchmarkDotNet arguments]`: the micro-benchmarks (codecs per transport, a loopback round trip per
/// transport, the harness's cost to record an event, the stream servers' send path with and without coalescing). Every argument goes to BenchmarkDotNet unchanged.
/// </summary>
public static class MicroCommand
{
    public static Command Create()
    {
        var command = new Command(
            "micro",
            "Run the micro-benchmarks (BenchmarkDotNet, in this process). Arguments go to BenchmarkDotNet: --filter '*Record*', "
            + "--job dry|short|medium|long, --list flat, --artifacts DIR, --runtimes (builds a benchmark project). Reports: results/micro/.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) => BenchCli.Guard(() =>
        {
            // BenchmarkDotNet runs on this thread and cannot be cancelled mid-benchmark; Ctrl+C ends the process.
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(MicroSuite.Run(parse.UnmatchedTokens, Console.Error));
        }));
        return command;
    }
}
