using System.Net;

namespace Transports.Network;

/// <summary>An endpoint to put behind the relay; <paramref name="ListenPort"/> 0 takes any free port (serve may ask for a fixed one).</summary>
public sealed record RelayTarget(IPEndPoint Target, int ListenPort = 0);
