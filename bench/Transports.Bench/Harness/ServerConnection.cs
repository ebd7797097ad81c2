using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>The server a run measures: a process the harness started, or a running `serve` given by --server.</summary>
public sealed class ServerConnection : IAsyncDisposable
{
    private readonly ServerProcess? _process;
    private FeedSettings? _found;
    private CoalesceState? _foundCoalescing;

    private ServerConnection(ServerTarget target, ServerControlClient control, ServerProcess? process, FeedSettings? found = null, CoalesceState? foundCoalescing = null)
    {
        Target = target;
        Control = control;
        _process = process;
        _found = found;
        _foundCoalescing = foundCoalescing;
    }

    public ServerTarget Target { get; }

    /// <summary>The harness started the server on this host: its publish timestamps are read from this host's monotonic clock.</summary>
    public bool SharesClock => _process is not null;

    public ServerControlClient Control { get; }

    /// <summary>Connects to <paramref name="controlUri"/>, or starts a server process when it is null.</summary>
    public static Task<ServerConnection> OpenAsync(Uri? controlUri, CancellationToken cancellationToken, IEnumerable<string>? serverArguments = null) =>
        OpenAsync(new ServerChoice(controlUri, null, [.. serverArguments ?? []]), cancellationToken);

    /// <summary>Connects to the chosen running server, or starts a server process when no URL was given.</summary>
    public static async Task<ServerConnection> OpenAsync(ServerChoice choice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (choice.ControlUri is not { } controlUri)
        {
            // Our own child listens on loopback without a token: nothing to send.
            var process = await ServerProcess.StartAsync(choice.Arguments ?? [], cancellationToken).ConfigureAwait(false);
            return new ServerConnection(process.Target, new ServerControlClient(process.Target.ControlUri), process);
        }

        var token = choice.Token ?? Environment.GetEnvironmentVariable(Servers.ControlAccess.TokenVariable);
        var control = new ServerControlClient(controlUri, string.IsNullOrEmpty(token) ? null : token);
        try
        {
            var info = await control.InfoAsync(cancellationToken).ConfigureAwait(false);
            var found = await control.FeedAsync(cancellationToken).ConfigureAwait(false);
            var coalescing = await control.CoalescingAsync(cancellationToken).ConfigureAwait(false);
            return new ServerConnection(ServerTarget.From(info), control, null, found, coalescing);
        }
        catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            control.Dispose();
            throw new UsageException(token is null
                ? $"--token: the control plane at {controlUri} wants a token; pass the one `serve` printed with --token (or set {Servers.ControlAccess.TokenVariable})"
                : $"--token: the control plane at {controlUri} refused the token given");
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or FormatException)
        {
            control.Dispose();
            throw new UsageException($"--server: no transports control plane at {controlUri} ({e.Message}); pass the control URL that `serve` prints");
        }
    }

    /// <summary>Leaves the feed as it is at the end: another client shard coordinates it and puts it back.</summary>
    public void LeaveFeedAlone() => (_found, _foundCoalescing) = (null, null);

    public async ValueTask DisposeAsync()
    {
        if (_found is not null)
        {
            // A server someone else started goes back to publishing as it was (a demo keeps flowing).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Control.ConfigureAsync(_found, timeout.Token).ConfigureAwait(false);
                if (_foundCoalescing is { } coalescing)
                {
                    await Control.CoalesceAsync(coalescing.Enabled, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                Spectre.Console.AnsiConsole.MarkupLineInterpolated($"[yellow]could not restore the server's publish rate ({_found.RateHz:0.###}/s): {e.Message}[/]");
            }
        }

        Control.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
