using System.Globalization;

namespace Transports.Bench.Harness;

/// <summary>
/// The most clients this machine lets one run hold, and why: every client keeps a socket open in the harness and one in
/// the server (two with upstream traffic, where an HTTP client posts beside its open request), each socket is a file
/// descriptor, and every connection to the server's one port needs an ephemeral port of its own. The .NET runtime
/// already raises the soft descriptor limit to the hard one at start-up, so the hard limit is what counts; raising it
/// takes root (<c>ulimit -Hn</c>, limits.conf). Linux only reports these; elsewhere the CLI's client limit applies.
/// </summary>
public sealed record CapacityCeiling(int MaxClients, string Reason)
{
    /// <summary>Descriptors kept back for everything else a process opens (assemblies, pipes, the control plane).</summary>
    private const int ReservedDescriptors = 256;

    /// <summary>The CLI's own limit on --clients.</summary>
    public const int CliMaxClients = 100_000;

    public static CapacityCeiling ForMachine(bool upstream)
    {
        var perClient = upstream ? 2 : 1;
        var ceiling = new CapacityCeiling(CliMaxClients, $"the CLI's limit ({CliMaxClients:N0})");
        if (OpenFilesLimit() is { } files && (files - ReservedDescriptors) / perClient < ceiling.MaxClients)
        {
            ceiling = new CapacityCeiling((int)((files - ReservedDescriptors) / perClient), string.Create(CultureInfo.InvariantCulture,
                $"file descriptors ({files:N0} per process; raise the hard limit as root, e.g. ulimit -Hn 1048576)"));
        }

        if (EphemeralPorts() is { } ports && ports / perClient < ceiling.MaxClients)
        {
            ceiling = new CapacityCeiling(ports / perClient, string.Create(CultureInfo.InvariantCulture,
                $"ephemeral ports ({ports:N0} in net.ipv4.ip_local_port_range)"));
        }

        return ceiling;
    }

    /// <summary>This process's limit on open files (soft: the runtime has raised it to the hard one), or null where unknown.</summary>
    public static long? OpenFilesLimit()
    {
        const string Limits = "/proc/self/limits";
        if (!File.Exists(Limits))
        {
            return null;
        }

        var line = File.ReadLines(Limits).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 0 } && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
    }

    private static int? EphemeralPorts()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(Range))
        {
            return null;
        }

        var fields = File.ReadAllText(Range).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2
            && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && high >= low
                ? high - low + 1
                : null;
    }
}
