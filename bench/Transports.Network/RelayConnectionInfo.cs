using System.Net;

namespace Transports.Network;

/// <summary>What a stage factory knows about a new connection: which route it came in on, from where, and the relay's clock.</summary>
public sealed record RelayConnectionInfo(long Id, RelayRoute Route, EndPoint? ClientEndPoint, TimeProvider Time);
