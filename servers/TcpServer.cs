using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Raw TCP, the floor: <see cref="LengthPrefixedFrame"/> both ways. The client's first frame subscribes
/// (cursor digits, or empty for "from now"); the server acknowledges with the cursor it starts after, then
/// sends one frame per event while reading upstream frames. A length prefix above the limit, a malformed
/// subscribe frame or an upstream frame that is not an event message closes that connection only.
/// </summary>
public sealed class TcpServer(
    EventFeed feed,
    UpstreamIngest ingest,
    ServerWireStats stats,
    TransportServerOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<TcpServer> logger) : ConnectionHandler
{
    private const int MaxSubscribeFrame = 32;

    /// <summary>A connection that has not subscribed by then is closed: idle sockets must not pile up.</summary>
    public static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(10);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, lifetime.ApplicationStopping);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        try
        {
            using var subscribing = CancellationTokenSource.CreateLinkedTokenSource(session.Token);
            subscribing.CancelAfter(SubscribeTimeout);
            var (received, cursor) = await ReadSubscribeAsync(input, subscribing.Token).ConfigureAwait(false);
            if (!received)
            {
                return;
            }

            var after = cursor ?? feed.LastSequence;
            LengthPrefixedFrame.Write(output, Encoding.ASCII.GetBytes(after.ToString(CultureInfo.InvariantCulture)));
            await output.FlushAsync(session.Token).ConfigureAwait(false);

            var send = SendAsync(output, after, session.Token);
            var receive = ReceiveAsync(input, session.Token);
            await Task.WhenAny(send, receive).ConfigureAwait(false);
            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            stats.AddRejected();
            ServerLog.Rejected(logger, TransportIds.Tcp, e.Message);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // The client left, one loop ended the session, or the server is stopping.
        }
        catch (OperationCanceledException)
        {
            stats.AddRejected();
            ServerLog.Rejected(logger, TransportIds.Tcp, "no subscribe frame within the timeout");
        }
        catch (Exception e) when (e is IOException or ConnectionResetException)
        {
            stats.AddClientAbort();
            ServerLog.ClientAborted(logger, TransportIds.Tcp);
        }
    }

    /// <summary>Reads the subscribe frame; Received is false when the client left before sending one.</summary>
    private static async Task<(bool Received, long? Cursor)> ReadSubscribeAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (LengthPrefixedFrame.TryRead(ref buffer, MaxSubscribeFrame, out var payload))
                {
                    if (!TransportPaths.TryParseCursor(Encoding.ASCII.GetString(payload), out var cursor))
                    {
                        throw new InvalidDataException("malformed subscribe frame: the cursor must be a non-negative integer");
                    }

                    return (true, cursor);
                }

                if (result.IsCompleted)
                {
                    return (false, null);
                }
            }
            finally
            {
                // After a frame, what follows is unexamined: a pipelined upstream frame must not wait for more bytes.
                input.AdvanceTo(buffer.Start, buffer.Length < result.Buffer.Length ? buffer.Start : buffer.End);
            }
        }
    }

    private async Task SendAsync(PipeWriter output, long after, CancellationToken cancellationToken)
    {
        await foreach (var e in feed.SubscribeAsync(after, options.MaxBatchEvents, cancellationToken).ConfigureAwait(false))
        {
            LengthPrefixedFrame.Write(output, e.Message.Span);
            var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ReceiveAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (LengthPrefixedFrame.TryRead(ref buffer, options.MaxUpstreamBytes, out var payload))
                {
                    if (!ingest.TryAccept(payload))
                    {
                        throw new InvalidDataException("upstream frame is not an event message");
                    }
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }
}
