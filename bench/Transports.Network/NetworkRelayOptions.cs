using System.Net;

namespace Transports.Network;

/// <summary>How a <see cref="NetworkRelay"/> shapes its path; the defaults are a plain pass-through on loopback.</summary>
public sealed record NetworkRelayOptions
{
    public NetworkConditions Conditions { get; init; } = NetworkConditions.None;

    /// <summary>Where the relay listens; loopback unless a demo should reach it from elsewhere.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Seeds the jitter draws (the server-bound direction uses it, the client-bound one seed + 1); record it with the results.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The clock of every delay; tests pass a manual one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Bytes the bottleneck of one direction may hold before senders stop being read.</summary>
    public long MaxQueuedBytes { get; init; } = NetworkLink.DefaultMaxQueuedBytes;

    /// <summary>Bytes one connection may hold in one direction before its sender stops being read.</summary>
    public long MaxHeldBytesPerConnection { get; init; } = LinkFlow.DefaultMaxHeldBytes;

    /// <summary>The most bytes one read from a socket takes, so one chunk on the link.</summary>
    public int ReadBufferSize { get; init; } = 16 * 1024;

    /// <summary>
    /// Whether a new connection pays TCP's three-way handshake: the client's first bytes wait one RTT (SYN out,
    /// SYN-ACK back) before they cross, the server's until its accept would have completed (1.5 RTT, when the ACK
    /// arrives). Without it a connection is ready the moment the relay accepts it, which a real path never is.
    /// </summary>
    public bool Handshake { get; init; } = true;

    /// <summary>An intermediary per connection (issue 11's proxy modes); null, or a null result, copies untouched.</summary>
    public Func<RelayConnectionInfo, IRelayStage?>? Stage { get; init; }
}
