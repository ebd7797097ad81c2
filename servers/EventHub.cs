using System.Text;
using Microsoft.AspNetCore.SignalR;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The suite's hub: on connect the connection's stream starts from <c>?cursor=N</c> (malformed: refused, the
/// connection aborted), first invoking <see cref="SignalRFrames.CursorTarget"/> with the sequence it starts after,
/// then <see cref="SignalRFrames.EventTarget"/> once per event with the event message as a string. Clients publish
/// upstream by invoking <see cref="Publish"/>; a message that is not an event message, or larger than the suite's
/// limit, is refused and the connection aborted (one larger than the hub's MaximumReceiveMessageSize never reaches it:
/// SignalR closes the connection itself).
/// </summary>
public sealed class EventHub(SignalRSessions sessions, UpstreamIngest ingest, ConnectionIncidents incidents, TransportServerOptions options) : Hub
{
    public override Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query[TransportPaths.CursorQuery];
        if (!TransportPaths.TryParseCursor(query, out var cursor))
        {
            incidents.Rejected(TransportIds.SignalR, "the cursor must be a non-negative integer");
            Context.Abort();
            return Task.CompletedTask;
        }

        sessions.Open(Context.ConnectionId, cursor);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Close(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>An upstream event message, sent as the invocation's one string argument.</summary>
    public void Publish(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message ?? "");
        if (bytes.Length > options.MaxUpstreamBytes)
        {
            incidents.Rejected(TransportIds.SignalR, $"upstream message larger than {options.MaxUpstreamBytes} bytes");
            Context.Abort();
            return;
        }

        if (!ingest.TryAccept(bytes))
        {
            incidents.Rejected(TransportIds.SignalR, "not an event message");
            Context.Abort();
        }
    }
}
