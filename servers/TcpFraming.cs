using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The tcp floor's framing: an acknowledgement frame with the cursor the subscription starts after, then one
/// <see cref="LengthPrefixedFrame"/> per event, a batch under one flush; upstream frames read as they come. The
/// connection closes when the handler returns: there is no close frame.
/// A FIN is how a TCP client says goodbye: nothing to count; a reset still surfaces as a failure.
/// </summary>
public sealed class TcpFraming(ConnectionContext connection, UpstreamIngest ingest, int maxUpstreamBytes)
    : StreamFraming(TransportIds.Tcp, closingIsAbort: false, connection.ConnectionClosed)
{
    public override async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        LengthPrefixedFrame.Write(connection.Transport.Output, Encoding.ASCII.GetBytes(after.ToString(CultureInfo.InvariantCulture)));
        await connection.Transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken) =>
        WriteFramesAsync(connection.Transport.Output, events, Frame, cancellationToken);

    /// <summary>One event as tcp writes it: the length prefix and the message (<see cref="LengthPrefixedFrame"/>).</summary>
    public static void Frame(PipeWriter output, FeedEvent e) => LengthPrefixedFrame.Write(output, e.Message.Span);

    public override async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var refused = await LengthPrefixedReader.ReadAsync(connection.Transport.Input, maxUpstreamBytes, ingest, static (payload, ingest) => ingest.TryAccept(payload), cancellationToken).ConfigureAwait(false);
            return refused ? UpstreamEnd.NotAnEvent("upstream frame is not an event message") : UpstreamEnd.Goodbye;
        }
        catch (InvalidDataException e)
        {
            return UpstreamEnd.TooBig(e.Message);
        }
    }
}
