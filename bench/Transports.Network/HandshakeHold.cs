namespace Transports.Network;

/// <summary>
/// Holds what one side of a new connection sends until TCP's handshake would have let it through, then passes
/// everything on untouched. The relay answers a client's connect at once (it is on loopback), so without this a new
/// connection would cost no round trip; over a real path the client's first bytes leave one RTT after its SYN (when
/// the SYN-ACK is back) and the server's accept completes half an RTT later still (when the ACK arrives).
/// </summary>
internal sealed class HandshakeHold(IByteSink inner, NetworkRelay relay, NetworkLink link, long openAt) : IByteSink
{
    private bool _open;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (!_open)
        {
            // Counted as on the way while held, so a harness waiting for a quiet path waits for these too.
            relay.CountHandshakeHeld(bytes.Length);
            try
            {
                await OpenAsync(cancellationToken);
            }
            finally
            {
                relay.CountHandshakeHeld(-bytes.Length);
            }
        }

        await inner.WriteAsync(bytes, cancellationToken);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await inner.CompleteAsync(cancellationToken);
    }

    private async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        if (!_open)
        {
            await link.WaitUntilAsync(openAt, cancellationToken);
            _open = true;
        }
    }
}
