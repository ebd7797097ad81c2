using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Transports.Servers;

/// <summary>
/// A second descriptor of a Kestrel connection's socket (Linux <c>dup</c>), so the kernel's counters of the connection
/// (<see cref="Contract.TcpInfo"/>) can still be read after Kestrel has closed its own descriptor: they then hold what
/// really crossed the socket, input left unread and output thrown away included. Kestrel always shuts a socket down
/// (FIN both ways) before it closes it, so holding the socket a little longer changes nothing on the wire; when the
/// copy closes with input still unread, the kernel resets the connection then, as it would have at Kestrel's close.
/// </summary>
internal static partial class KernelSocket
{
    /// <summary>A socket sharing the connection's, or null where there is none (another transport, another OS).</summary>
    public static Socket? Duplicate(ConnectionContext connection)
    {
        if (!Contract.TcpInfo.IsSupported || connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return null;
        }

        var added = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref added);
            var copy = Dup((int)socket.SafeHandle.DangerousGetHandle());
            return copy < 0 ? null : new Socket(new SafeSocketHandle(copy, ownsHandle: true));
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return null;
        }
        finally
        {
            if (added)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);
}
