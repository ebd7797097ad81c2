using System.Diagnostics;
using System.Runtime.InteropServices;
using Transports.Results;

namespace Transports.Bench.Harness;

/// <summary>Describes the machine a run measured, so two runs can be told apart.</summary>
public static class EnvironmentInfo
{
    public static RunEnvironment Capture(string commandLine, string server) => new()
    {
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.OSArchitecture.ToString(),
        Cpu = CpuModel(),
        LogicalCores = Environment.ProcessorCount,
        Dotnet = RuntimeInformation.FrameworkDescription,
        GitCommit = GitCommit(),
        MachineName = Environment.MachineName,
        StartedUtc = DateTimeOffset.UtcNow,
        CommandLine = commandLine,
        Server = server,
    };

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (File.Exists(CpuInfo))
        {
            var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return "";
            }

            var commit = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5000) && git.ExitCode == 0 ? commit : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: the commit is simply unknown.
            return "";
        }
    }
}
