using System.IO.Pipelines;

namespace Transports.Network;

/// <summary>
/// An intermediary on the client's side of the emulated path (a corporate proxy, say), for one connection. It
/// sees what the client sent before the path and what the server sent after it, and decides what goes on.
/// Without a stage the relay copies both ways untouched.
/// </summary>
/// <remarks>
/// <para>Contract, the same for every stage:</para>
/// <list type="bullet">
/// <item><c>client.Input</c>: bytes from the client. <c>server.Output</c>: bytes toward the server, which then
/// cross the path (delay, jitter, bandwidth) as the client's own would.</item>
/// <item><c>server.Input</c>: bytes from the server after the path. <c>client.Output</c>: bytes to the client.</item>
/// <item>Completing an output writer passes a FIN on in that direction; completing it with an exception, or
/// throwing from <see cref="RunAsync"/>, aborts the connection (both sockets reset).</item>
/// <item>When <see cref="RunAsync"/> returns, outputs the stage left open are completed (FIN both ways).</item>
/// <item>The token is cancelled when the connection aborts or the relay is disposed.</item>
/// </list>
/// <para>So a stage can transform a stream (rewrite a request head), answer the client itself (refuse an upgrade),
/// hold bytes back (buffer a streamed response), or cut the connection on its own clock (<see cref="RelayConnectionInfo.Time"/>).</para>
/// </remarks>
public interface IRelayStage
{
    Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken);
}
