using System.IO.Pipelines;

namespace Transports.Network;

/// <summary>Two stages in a row: <paramref name="nearClient"/> sees the client, <paramref name="nearServer"/> the server, joined by two pipes.</summary>
public sealed class ChainedStage(IRelayStage nearClient, IRelayStage nearServer) : IRelayStage
{
    public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
    {
        var up = new Pipe();
        var down = new Pipe();
        var first = RunAndCompleteAsync(nearClient, client, new Joint(down.Reader, up.Writer), cancellationToken);
        var second = RunAndCompleteAsync(nearServer, new Joint(up.Reader, down.Writer), server, cancellationToken);
        await Task.WhenAll(first, second).ConfigureAwait(false);
    }

    /// <summary>Runs one stage and then, as the relay does for a stage, completes what it left open.</summary>
    private static async Task RunAndCompleteAsync(IRelayStage stage, IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
    {
        try
        {
            await stage.RunAsync(client, server, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await client.Output.CompleteAsync().ConfigureAwait(false);
            await server.Output.CompleteAsync().ConfigureAwait(false);
            await client.Input.CompleteAsync().ConfigureAwait(false);
            await server.Input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private sealed class Joint(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
