using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Transports.Servers;

/// <summary>
/// What goes wrong with a connection, counted and logged in one place: input refused as malformed or oversized,
/// and clients that went away mid-response. Both are metrics (<see cref="ServerWireStats"/>), never swallowed.
/// </summary>
public sealed class ConnectionIncidents(ServerWireStats stats, ILogger<ConnectionIncidents> logger)
{
    /// <summary>Counts input refused as malformed or oversized (the caller answers or closes).</summary>
    public void Rejected(string transport, string reason)
    {
        stats.AddRejected();
        ServerLog.Rejected(logger, transport, reason);
    }

    /// <summary>Counts a client that went away while its response or stream was still going.</summary>
    public void ClientGone(string transport)
    {
        stats.AddClientAbort();
        ServerLog.ClientAborted(logger, transport);
    }

    /// <summary>Refuses an HTTP request: counts it and answers <paramref name="status"/> with the reason as text.</summary>
    public async Task RefuseAsync(HttpContext context, string transport, HttpStatusCode status, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        Rejected(transport, reason);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
