namespace Transports.Contract;

/// <summary>Endpoint paths, query parameters and headers shared by servers and clients.</summary>
public static class TransportPaths
{
    public const string Poll = "/poll";
    public const string LongPoll = "/long-poll";
    public const string Sse = "/sse";
    public const string WebSocket = "/ws";
    public const string Stomp = "/stomp";
    public const string Publish = "/publish";

    /// <summary>The live page (one HTML file from the servers' assembly), on the transport port.</summary>
    public const string Page = "/";

    /// <summary>The transports a page can speak, as JSON (the live page and the harness's browser clients read it).</summary>
    public const string TransportList = "/transports";

    /// <summary>
    /// GET: the server's half of one NTP-style exchange (<see cref="ClockReading"/>) on the transport port, where a
    /// browser page can reach it: the control plane is on another port and may want a token.
    /// </summary>
    public const string Clock = "/clock";

    /// <summary>The live page's buttons (rate, payload, drop), mapped only when `serve --demo-controls` says so.</summary>
    public const string Demo = "/demo";

    /// <summary>Query parameter: the last sequence the client has seen.</summary>
    public const string CursorQuery = "cursor";

    /// <summary>
    /// Response header naming the sequence a subscription starts after: on a cursorless poll, and on the SSE
    /// response and WebSocket handshake, so a client that drops before its first event resumes without a gap.
    /// </summary>
    public const string CursorHeader = "X-Cursor";

    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>Control plane (its own port, never counted in wire bytes).</summary>
    public const string Control = "/control";

    /// <summary>The X-Cursor response header's value, when there is exactly one valid one.</summary>
    public static long? CursorFromHeader(IEnumerable<string>? values) =>
        values?.SingleOrDefault() is { } text && TryParseCursor(text, out var cursor) ? cursor : null;

    /// <summary>
    /// Parses a cursor: a non-negative decimal sequence. Null or empty means "from now".
    /// False when the text is present but not a valid cursor.
    /// </summary>
    public static bool TryParseCursor(string? text, out long? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > 19 || !long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        cursor = value;
        return true;
    }
}
