using System.Buffers;
using System.Text.Json;

namespace Transports.Contract;

/// <summary>
/// SockJS frames as this suite uses them (sockjs-protocol 0.3.3, the sockjs 0.3.24 server): sessions live at
/// <c>/sockjs/{server}/{session}/{transport}</c> after <c>GET /sockjs/info</c>. The server sends <c>o</c> (open), <c>h</c>
/// (heartbeat), <c>a["m1","m2"]</c> (messages: a JSON array of strings) and <c>c[code,"reason"]</c> (close); on the HTTP
/// transports each frame ends with <c>\n</c>, and xhr_streaming opens its response with 2,048 <c>h</c> bytes and a
/// <c>\n</c>. The client sends a JSON array of strings: one WebSocket message, or the body of a POST to xhr_send.
/// </summary>
public static class SockJsFrames
{
    public const string Prefix = "/sockjs";

    public const byte Open = (byte)'o';
    public const byte Heartbeat = (byte)'h';
    public const byte Messages = (byte)'a';
    public const byte Close = (byte)'c';
    public const byte LineEnd = (byte)'\n';

    /// <summary>xhr_streaming's prelude: 2,048 <c>h</c> and a newline, so that browsers start handing the body over at once.</summary>
    public const int StreamingPreludeBytes = 2048 + 1;

    /// <summary>sockjs's <c>response_limit</c>: an xhr_streaming response ends after this many frame bytes and the client opens another.</summary>
    public const int ResponseLimit = 128 * 1024;

    /// <summary>The session URL segments of the transports our client speaks.</summary>
    public const string WebSocketSegment = "websocket";
    public const string XhrStreamingSegment = "xhr_streaming";
    public const string XhrPollingSegment = "xhr";
    public const string XhrSendSegment = "xhr_send";

    private static readonly byte[] Head = "a[\""u8.ToArray();
    private static readonly byte[] Tail = "\"]"u8.ToArray();

    /// <summary>Bytes <c>a["…"]</c> adds around one message that needs no escaping (an event message: base64url and padding).</summary>
    public static int EventOverhead => Head.Length + Tail.Length;

    /// <summary>Writes <c>a["message"]</c>; the message must need no JSON escaping (an event message).</summary>
    public static void WriteMessage(IBufferWriter<byte> output, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(EventOverhead + message.Length);
        Head.CopyTo(span);
        message.CopyTo(span[Head.Length..]);
        Tail.CopyTo(span[(Head.Length + message.Length)..]);
        output.Advance(EventOverhead + message.Length);
    }

    /// <summary>Writes what a client sends: <c>["message"]</c> (the message must need no JSON escaping).</summary>
    public static void WriteSend(IBufferWriter<byte> output, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(message.Length + 4);
        "[\""u8.CopyTo(span);
        message.CopyTo(span[2..]);
        "\"]"u8.CopyTo(span[(2 + message.Length)..]);
        output.Advance(message.Length + 4);
    }

    /// <summary>Receives the strings of one <c>a[...]</c> frame, each as raw bytes (unescaped where it had escapes).</summary>
    public delegate void MessageHandler(ReadOnlySpan<byte> message);

    /// <summary>
    /// Reads the JSON array of an <c>a</c> frame (the bytes after <c>a</c>), handing each string to
    /// <paramref name="handler"/>; strings with escapes are unescaped into <paramref name="scratch"/> (as long as the
    /// frame). Returns how many; throws <see cref="JsonException"/> on anything but an array of strings.
    /// </summary>
    public static int ReadMessages(ReadOnlySpan<byte> array, Span<byte> scratch, MessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var reader = new Utf8JsonReader(array);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("sockjs: an a frame that is not a JSON array");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("sockjs: an a frame with something other than strings");
            }

            handler(reader.ValueIsEscaped ? scratch[..reader.CopyString(scratch)] : reader.ValueSpan);
            count++;
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("sockjs: an a frame cut short");
        }

        return count;
    }

    /// <summary>The session URL segment of a transport as the CLI names it (<see cref="LibraryTransports.SockJs"/>).</summary>
    public static string Segment(string transport) => transport switch
    {
        LibraryTransports.SockJsWebSocket => WebSocketSegment,
        LibraryTransports.SockJsXhrStreaming => XhrStreamingSegment,
        LibraryTransports.SockJsXhrPolling => XhrPollingSegment,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "not a SockJS transport"),
    };
}
