using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Raw TCP, the floor, on a listener of its own: <see cref="LengthPrefixedFrame"/> both ways. The client's first frame
/// subscribes (cursor digits, or empty for "from now"); then <see cref="TcpFraming"/> acknowledges with the
/// cursor it starts after and sends one frame per event while reading upstream frames. A length prefix above the
/// limit, a malformed subscribe frame or an upstream frame that is not an event message closes that connection only.
/// </summary>
public sealed class TcpServer(
    StreamingSession session,
    ConnectionIncidents incidents,
    UpstreamIngest ingest,
    TransportServerOptions options,
    IHostApplicationLifetime lifetime) : ConnectionHandler, ITransportServer
{
    private const int MaxSubscribeFrame = 32;

    /// <summary>A connection that has not subscribed by then is closed: idle sockets must not pile up.</summary>
    public static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(10);

    public TransportDescriptor Descriptor { get; } = TransportIds.Get(TransportIds.Tcp);

    public ServerEndpoint Describe(Uri httpUri, IPEndPoint tcpEndPoint) =>
        new(Descriptor.Id, $"tcp://{tcpEndPoint}", "4-byte big-endian length prefix; first frame subscribes");

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (subscribed, cursor) = await ReadSubscribeAsync(connection).ConfigureAwait(false);
        if (subscribed)
        {
            await session.RunAsync(new TcpFraming(connection, ingest, options.MaxUpstreamBytes), cursor).ConfigureAwait(false);
        }
    }

    /// <summary>Waits (bounded) for the subscribe frame; Subscribed is false when the connection ended or was refused first.</summary>
    private async Task<(bool Subscribed, long? Cursor)> ReadSubscribeAsync(ConnectionContext connection)
    {
        using var subscribing = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, lifetime.ApplicationStopping);
        subscribing.CancelAfter(SubscribeTimeout);
        try
        {
            return await ReadSubscribeFrameAsync(connection.Transport.Input, subscribing.Token).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            incidents.Rejected(Descriptor.Id, e.Message);
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The client left, or the server is stopping.
        }
        catch (OperationCanceledException)
        {
            incidents.Rejected(Descriptor.Id, "no subscribe frame within the timeout");
        }
        catch (IOException)
        {
            incidents.ClientGone(Descriptor.Id);
        }

        return (false, null);
    }

    private static async Task<(bool Subscribed, long? Cursor)> ReadSubscribeFrameAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var subscribe = new StrongBox<long?>();
        var subscribed = await LengthPrefixedReader.ReadAsync(input, MaxSubscribeFrame, subscribe, static (payload, subscribe) =>
        {
            if (!TransportPaths.TryParseCursor(Encoding.ASCII.GetString(payload), out var cursor))
            {
                throw new InvalidDataException("malformed subscribe frame: the cursor must be a non-negative integer");
            }

            subscribe.Value = cursor;
            return false;
        }, cancellationToken).ConfigureAwait(false);
        return (subscribed, subscribe.Value);
    }
}
