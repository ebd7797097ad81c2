using Transports.Contract;

namespace Transports.Servers;

/// <summary>The bound addresses, known once Kestrel has started (ports may be chosen by the OS).</summary>
public sealed class ServerAddresses
{
    public ServerInfo? Info { get; set; }
}
