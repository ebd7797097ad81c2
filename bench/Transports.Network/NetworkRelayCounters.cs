namespace Transports.Network;

/// <summary>Both directions of the path and the connections that crossed it, since the counters were last reset.</summary>
/// <param name="ToServer">Client to server.</param>
/// <param name="ToClient">Server to client.</param>
/// <param name="Accepted">Client connections accepted.</param>
/// <param name="Open">Connections open now (not reset by a counter reset).</param>
/// <param name="Aborted">Connections that ended in a reset or an I/O error on either side, or a stage's abort.</param>
/// <param name="TargetConnectFailures">Accepted connections whose target refused or failed to connect; the client was reset.</param>
/// <param name="AcceptFailures">Accepts that failed (a client gone before it was accepted, no descriptors left).</param>
public sealed record NetworkRelayCounters(
    LinkCounters ToServer,
    LinkCounters ToClient,
    long Accepted,
    long Open,
    long Aborted,
    long TargetConnectFailures,
    long AcceptFailures);
