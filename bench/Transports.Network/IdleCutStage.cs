using System.IO.Pipelines;

namespace Transports.Network;

/// <summary>
/// `--proxy idle-cut=D`: copies both ways untouched and closes the connection (a FIN to each end) once no byte has
/// crossed in either direction for <see cref="Idle"/>, as a NAT table or a proxy's idle timeout does. Timed on the
/// relay's clock, so tests drive it with a manual one.
/// </summary>
public sealed class IdleCutStage(TimeSpan idle, TimeProvider time) : IRelayStage
{
    private long _lastActivity;

    public TimeSpan Idle { get; } = idle > TimeSpan.Zero ? idle : throw new ArgumentOutOfRangeException(nameof(idle), idle, "an idle cut needs a duration above zero");

    /// <summary>True once the stage cut the connection for idleness (rather than it ending by itself).</summary>
    public bool Cut { get; private set; }

    public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        Touch();
        using var copying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = CopyAsync(client.Input, server.Output, copying.Token);
        var down = CopyAsync(server.Input, client.Output, copying.Token);
        var both = Task.WhenAll(up, down);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(both, watching.Token);
        if (await Task.WhenAny(both, watch).ConfigureAwait(false) == watch && await watch.ConfigureAwait(false))
        {
            Cut = true;
            await copying.CancelAsync().ConfigureAwait(false);
            await both.ConfigureAwait(false);
            await client.Output.CompleteAsync().ConfigureAwait(false);
            await server.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }

        await watching.CancelAsync().ConfigureAwait(false);
        await both.ConfigureAwait(false);
    }

    /// <summary>True when the connection stayed idle for <see cref="Idle"/>; false once the copies ended by themselves.</summary>
    private async Task<bool> WatchAsync(Task copies, CancellationToken cancellationToken)
    {
        while (!copies.IsCompleted)
        {
            var quiet = time.GetElapsedTime(Volatile.Read(ref _lastActivity));
            if (quiet >= Idle)
            {
                return true;
            }

            try
            {
                await Task.Delay(WholeMilliseconds(Idle - quiet), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Copies one direction until its end (passing the FIN on) or the cut; a cut leaves the output to the caller.</summary>
    private async Task CopyAsync(PipeReader from, PipeWriter to, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await from.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Touch();
                    foreach (var segment in buffer)
                    {
                        await to.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                    }

                    Touch();
                }

                from.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    await to.CompleteAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cut for idleness, or the connection is going away: the caller completes the outputs.
        }
    }

    /// <summary>Timers count whole milliseconds: a wait rounded down could wake before the cut is due, again and again.</summary>
    private static TimeSpan WholeMilliseconds(TimeSpan wait) => TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    private void Touch() => Volatile.Write(ref _lastActivity, time.GetTimestamp());
}
