using System.Globalization;
using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// Cursors of every shape on every HTTP subscription: signs, letters, spaces, 20 digits and more, the largest long,
/// the parameter twice, and for SSE a Last-Event-ID header. What the contract's parser refuses, the server must refuse
/// with 400 and count; anything else it answers or holds.
/// </summary>
public sealed class CursorGenerator : IFuzzGenerator
{
    private static readonly string[] Paths = [TransportPaths.Poll, TransportPaths.LongPoll, TransportPaths.Sse, TransportPaths.WebSocket];

    public string Name => "cursors";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var path = HttpText.Pick(random, Paths);
        var value = Cursor(random);
        var webSocket = path == TransportPaths.WebSocket;
        var headers = new List<(string, string)>();
        string query;
        string what;
        if (path == TransportPaths.Sse && random.Next(2) == 0)
        {
            // HTTP trims a header value and Kestrel refuses control characters in one itself: keep what reaches the server.
            value = new string([.. value.Where(c => c is > ' ' and <= '~')]);
            headers.Add((TransportPaths.LastEventIdHeader, value));
            query = "";
            what = $"Last-Event-ID '{value}'";
        }
        else if (random.Next(8) == 0)
        {
            // The query collection leaves an empty value out, so the second cursor is never empty: two values, one text "1,x".
            value = value.Length == 0 ? "0" : value;
            query = $"?{TransportPaths.CursorQuery}=1&{TransportPaths.CursorQuery}={Uri.EscapeDataString(value)}";
            value = "1," + value;
            what = "cursor twice";
        }
        else
        {
            query = $"?{TransportPaths.CursorQuery}={Uri.EscapeDataString(value)}";
            what = $"cursor '{value}'";
        }

        if (webSocket)
        {
            headers.InsertRange(0, [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", WebSocketFrames.Key), ("Sec-WebSocket-Version", "13")]);
        }

        // An empty Last-Event-ID carries nothing, and an empty cursor means "from now".
        var expect = TransportPaths.TryParseCursor(value, out _) ? FuzzExpectation.Any : FuzzExpectation.Counted;
        var bytes = HttpText.Request("GET", path + query, target.Host, headers);
        return new FuzzInput(Name, index, target.Http, bytes, expect, $"{path}: {what}") { WebSocket = webSocket };
    }

    private static string Cursor(Random random) => random.Next(9) switch
    {
        0 => "-" + random.Next(0, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        1 => new string('9', random.Next(20, 40)),
        2 => long.MaxValue.ToString(CultureInfo.InvariantCulture),
        3 => random.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        4 => "",
        5 => random.Next(0, 1000).ToString(CultureInfo.InvariantCulture) + HttpText.RandomToken(random, 1, 8),
        6 => " " + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
        7 => "+" + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
        _ => new string((char)random.Next(0x21, 0x7f), random.Next(1, 5)),
    };
}
