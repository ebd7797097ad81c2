using System.Net;

namespace Transports.Network;

/// <summary>One target behind the relay: clients connect to <see cref="Listening"/>, the relay connects on to <see cref="Target"/>.</summary>
public sealed record RelayRoute(IPEndPoint Target, IPEndPoint Listening);
