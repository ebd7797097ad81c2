namespace Transports.Network;

/// <summary>Where a relay pump reads: a socket, a link flow, or a stage's pipe. Empty means the sender has finished.</summary>
internal interface IByteSource
{
    /// <summary>The next bytes; the memory stays valid until the next call.</summary>
    ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Where a relay pump writes; <see cref="CompleteAsync"/> passes the sender's FIN on.</summary>
internal interface IByteSink
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
