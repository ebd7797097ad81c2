using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The tcp floor's framing: an acknowledgement frame with the cursor the subscription starts after, then one
/// <see cref="LengthPrefixedFrame"/> per event, a batch under one flush; upstream frames read as they come. The
/// connection closes when the handler returns: there is no close frame.
/// </summary>
public sealed class TcpFraming(ConnectionContext connection, UpstreamIngest ingest, int maxUpstreamBytes) : IStreamFraming
{
    public string Transport => TransportIds.Tcp;

    public CancellationToken ConnectionClosed => connection.ConnectionClosed;

    /// <summary>A FIN is how a TCP client says goodbye: nothing to count. A reset still surfaces as a failure.</summary>
    public bool ClosingIsAbort => false;

    public async ValueTask OpenAsync(long after, CancellationToken cancellationToken)
    {
        LengthPrefixedFrame.Write(connection.Transport.Output, Encoding.ASCII.GetBytes(after.ToString(CultureInfo.InvariantCulture)));
        await connection.Transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> WriteAsync(IReadOnlyList<FeedEvent> events, CancellationToken cancellationToken)
    {
        var output = connection.Transport.Output;
        foreach (var e in events)
        {
            LengthPrefixedFrame.Write(output, e.Message.Span);
        }

        var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !flushed.IsCompleted;
    }

    public async Task<UpstreamEnd> ReceiveAsync(CancellationToken cancellationToken)
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

    public Task CloseAsync(UpstreamEnd? ending) => Task.CompletedTask;
}
