namespace Transports.Network;

/// <summary>Copies one direction of a connection from a source to a sink, FIN included; any failure propagates.</summary>
internal static class RelayPump
{
    public static async Task RunAsync(IByteSource source, IByteSink sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            var bytes = await source.ReadAsync(cancellationToken);
            if (bytes.IsEmpty)
            {
                break;
            }

            await sink.WriteAsync(bytes, cancellationToken);
        }

        await sink.CompleteAsync(cancellationToken);
    }
}
