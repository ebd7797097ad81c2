using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Transports.Bench.Harness;

namespace Transports.Bench.Interop;

/// <summary>
/// An official library client (@microsoft/signalr or socket.io-client, pinned in tests/interop/package-lock.json) in a
/// Node process of its own, driven by tests/interop/official-client.mjs: it prints <c>READY {"transport":…}</c> once
/// subscribed (and upgraded, in socketio's auto) and <c>EVENT N</c> per event; closing its stdin stops the connection.
/// </summary>
public sealed class OfficialLibraryClient : IInteropClient
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors;
    private int _events;

    private OfficialLibraryClient(Process process)
    {
        _process = process;
        _errors = ServerProcess.CollectErrors(process);
        _ = PumpAsync();
    }

    public static string ScriptFolder => Path.Combine(RepositoryPaths.Root(), "tests", "interop");

    /// <summary>Starts the official client of <paramref name="library"/> over <paramref name="transport"/> at <paramref name="url"/> (npm ci first where node_modules is missing).</summary>
    public static async Task<OfficialLibraryClient> StartAsync(string library, string transport, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        await NodeServer.EnsureInstalledAsync(ScriptFolder, cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(ScriptFolder, "official-client.mjs"), "--library", library, "--transport", transport, "--url", url.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        return new OfficialLibraryClient(NodeServer.StartOrExplain(start));
    }

    public string Name => "official";

    public async Task<string> ReadyAsync(CancellationToken cancellationToken)
    {
        var line = await NextLineAsync(cancellationToken).ConfigureAwait(false);
        if (!line.StartsWith(ServerProcess.ReadyPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the official client said '{line}' before READY");
        }

        using var ready = JsonDocument.Parse(line[ServerProcess.ReadyPrefix.Length..]);
        return ready.RootElement.GetProperty("transport").GetString() ?? "";
    }

    public async Task WaitForEventsAsync(int count, CancellationToken cancellationToken)
    {
        while (_events < count)
        {
            var line = await NextLineAsync(cancellationToken).ConfigureAwait(false);
            if (!line.StartsWith("EVENT ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the official client said '{line}' while events were expected");
            }

            _events = int.Parse(line.AsSpan("EVENT ".Length), CultureInfo.InvariantCulture);
        }
    }

    public ValueTask DisposeAsync() => NodeServer.EndAsync(_process, ExitTimeout);

    private async Task<string> NextLineAsync(CancellationToken cancellationToken)
    {
        if (await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _lines.Reader.TryRead(out var line))
        {
            return line;
        }

        string detail;
        lock (_errors)
        {
            detail = _errors.Count > 0 ? _errors[^1] : "no output on stderr";
        }

        throw new InvalidOperationException($"the official client exited ({detail})");
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("FAIL ", StringComparison.Ordinal))
                {
                    lock (_errors)
                    {
                        _errors.Add(line);
                    }

                    break;
                }

                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
