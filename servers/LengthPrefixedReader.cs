using System.Buffers;
using System.IO.Pipelines;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>Reads <see cref="LengthPrefixedFrame"/>s off a connection's pipe: the tcp floor's subscribe frame and its upstream.</summary>
internal static class LengthPrefixedReader
{
    /// <summary>
    /// Hands each whole frame to <paramref name="onFrame"/> until it returns false (true is returned then, and what
    /// follows is left unexamined, so a pipelined frame does not wait for more bytes) or the peer ends its side
    /// (false). Throws <see cref="InvalidDataException"/> for a frame longer than <paramref name="maxPayload"/>.
    /// </summary>
    public static async Task<bool> ReadAsync<TState>(
        PipeReader input,
        int maxPayload,
        TState state,
        Func<ReadOnlySequence<byte>, TState, bool> onFrame,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var stopped = false;
            try
            {
                while (!stopped && LengthPrefixedFrame.TryRead(ref buffer, maxPayload, out var payload))
                {
                    stopped = !onFrame(payload, state);
                }

                if (stopped)
                {
                    return true;
                }

                if (result.IsCompleted)
                {
                    return false;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, stopped ? buffer.Start : buffer.End);
            }
        }
    }
}
