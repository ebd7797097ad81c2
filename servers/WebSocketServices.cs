namespace Transports.Servers;

/// <summary>What every WebSocket transport's server is given (one registration, so a new one asks for this alone).</summary>
public sealed record WebSocketServices(
    HttpCursor Cursors,
    StreamingSession Session,
    ConnectionIncidents Incidents,
    UpstreamIngest Ingest,
    TransportServerOptions Options);
