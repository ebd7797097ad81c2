namespace Transports.Contract;

/// <summary>
/// The one list of transports. Ids are stable: the CLI, results.json, CSV columns and charts use them,
/// always in this order (the tcp floor last). A new transport is one more descriptor here, a server, a client
/// and a sealed contract-test subclass; a test fails while any of them is missing.
/// </summary>
public static class TransportIds
{
    public const string Polling = "polling";
    public const string LongPolling = "long-polling";
    public const string Sse = "sse";
    public const string WebSocket = "websocket";
    public const string Tcp = "tcp";
    public const string Stomp = "stomp";
    public const string SignalR = "signalr";
    /// <summary>Socket.IO 4 on the real Node server (servers/node), our Engine.IO 4 / Socket.IO client.</summary>
    public const string SocketIo = "socketio";

    /// <summary>SockJS on the real Node server (servers/node), our client of the SockJS protocol.</summary>
    public const string SockJs = "sockjs";

    /// <summary>Bare WebSocket on Node's <c>ws</c> (servers/node): the same <c>/ws</c> contract as ours, our WebSocket client.</summary>
    public const string NodeWs = "node-ws";

    /// <summary>The suite's own bare protocols behind a library-style fallback: websocket, then sse, then long polling (clients/FallbackClient).</summary>
    public const string Fallback = "fallback";

    /// <summary>The raw-TCP floor every other transport is compared with.</summary>
    public const string Floor = Tcp;

    /// <summary>Every transport, in report order.</summary>
    public static IReadOnlyList<TransportDescriptor> All { get; } =
    [
        new()
        {
            Id = Polling,
            DisplayName = "Polling",
            Color = "#e69f00",
            Path = TransportPaths.Poll,
            Family = TransportFamily.RequestPerBatch,
            WireFormat = WireFormat.Batch,
            Browser = BrowserApi.Polling,
        },
        new()
        {
            Id = LongPolling,
            DisplayName = "Long polling",
            Color = "#d55e00",
            Path = TransportPaths.LongPoll,
            Family = TransportFamily.RequestPerBatch,
            WireFormat = WireFormat.Batch,
            Browser = BrowserApi.LongPolling,
        },
        new()
        {
            Id = Sse,
            CoalescesWrites = true,
            DisplayName = "SSE",
            Color = "#009e73",
            Path = TransportPaths.Sse,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.Sse,
            Browser = BrowserApi.EventSource,
        },
        new()
        {
            Id = WebSocket,
            CoalescesWrites = true,
            DisplayName = "WebSocket",
            Color = "#0072b2",
            Path = TransportPaths.WebSocket,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.WebSocket,
            Browser = BrowserApi.WebSocket,
        },
        new()
        {
            Id = Stomp,
            DisplayName = "STOMP",
            Color = "#56b4e9",
            Path = TransportPaths.Stomp,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.Stomp,
            RidesOn = WebSocket,
        },
        new()
        {
            Id = SignalR,
            DisplayName = "SignalR",
            Color = "#cc79a7",
            Path = TransportPaths.SignalR,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.SignalRJson,
            RidesOn = WebSocket,
        },
        new()
        {
            Id = SocketIo,
            DisplayName = "Socket.IO",
            Color = "#999933",
            Path = SocketIoPackets.Path,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.SocketIo,
            Host = TransportHost.Node,
            RidesOn = WebSocket,
        },
        new()
        {
            Id = SockJs,
            DisplayName = "SockJS",
            Color = "#882255",
            Path = SockJsFrames.Prefix,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.SockJs,
            Host = TransportHost.Node,
            RidesOn = WebSocket,
        },
        new()
        {
            Id = NodeWs,
            DisplayName = "Node ws",
            Color = "#6a3d9a",
            Path = TransportPaths.WebSocket,
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.WebSocket,
            Host = TransportHost.Node,
        },
        new()
        {
            // No server of its own: it reaches the websocket, sse and long-polling servers at their paths.
            Id = Fallback,
            DisplayName = "Fallback (ws, sse, lp)",
            Color = "#44aa99",
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.WebSocket,
            RidesOn = WebSocket,
        },
        new()
        {
            Id = Tcp,
            CoalescesWrites = true,
            DisplayName = "TCP floor",
            Color = "#8c8c8c",
            Family = TransportFamily.Stream,
            WireFormat = WireFormat.LengthPrefixed,
            IsFloor = true,
        },
    ];

    /// <summary>Every transport's id, in report order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(d => d.Id)];

    /// <summary>The descriptor of <paramref name="id"/>; null when no transport has that id.</summary>
    public static TransportDescriptor? Find(string? id)
    {
        foreach (var descriptor in All)
        {
            if (string.Equals(descriptor.Id, id, StringComparison.Ordinal))
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The descriptor of <paramref name="id"/>; throws, naming the known ids, when there is none.</summary>
    public static TransportDescriptor Get(string id) =>
        Find(id) ?? throw new ArgumentException($"unknown transport '{id}' (known: {string.Join(", ", Ids)})", nameof(id));

    /// <summary>Transports that speak HTTP for every event (requests per event are meaningful).</summary>
    public static bool IsRequestPerBatch(string id) => Find(id)?.Family == TransportFamily.RequestPerBatch;

    public static bool IsKnown(string id) => Find(id) is not null;

    /// <summary>
    /// Transports served over HTTP on our own port (a path on Kestrel's HTTP port): what headers, HTTP versions and content
    /// codings concern. A Node-hosted transport answers as its library does and has none of these settings.
    /// </summary>
    public static bool IsHttp(string id) => Find(id) is { Path: not null, Host: TransportHost.Kestrel };

    /// <summary>Transports our Kestrel host serves (the rest are Node's, started by the harness).</summary>
    public static bool IsOurs(string id) => Find(id)?.Host == TransportHost.Kestrel;

    /// <summary>Position in report order; unknown ids sort last.</summary>
    public static int OrderOf(string id)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return All.Count;
    }
}
