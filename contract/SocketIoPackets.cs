using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Transports.Contract;

/// <summary>
/// Engine.IO 4 and Socket.IO 4 packets as this suite uses them (socketio/engine.io-protocol, socket.io-protocol v5):
/// an Engine.IO packet is a type digit and data (0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop); a
/// polling body joins packets with 0x1E. A Socket.IO packet rides in message 4: <c>40</c> connect (with auth
/// <c>40{"cursor":N}</c>), <c>42["event","…"]</c> an event, <c>44</c> a connect error, <c>41</c> a disconnect.
/// </summary>
public static class SocketIoPackets
{
    public const byte Separator = 0x1E;
    public const string Path = "/socket.io/";

    public const byte Open = (byte)'0';
    public const byte Close = (byte)'1';
    public const byte Ping = (byte)'2';
    public const byte Pong = (byte)'3';
    public const byte Message = (byte)'4';
    public const byte Upgrade = (byte)'5';
    public const byte Noop = (byte)'6';

    public const byte SocketConnect = (byte)'0';
    public const byte SocketDisconnect = (byte)'1';
    public const byte SocketEvent = (byte)'2';
    public const byte SocketConnectError = (byte)'4';

    public const string EventName = "event";
    public const string CursorName = "cursor";
    public const string PublishName = "publish";

    private static readonly byte[] EventHead = Encoding.ASCII.GetBytes("42[\"");
    private static readonly byte[] Middle = Encoding.ASCII.GetBytes("\",\"");
    private static readonly byte[] EventTail = Encoding.ASCII.GetBytes("\"]");

    /// <summary>Bytes <c>42["name","…"]</c> adds around a string that needs no escaping.</summary>
    public static int EventOverhead(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return EventHead.Length + name.Length + Middle.Length + EventTail.Length;
    }

    /// <summary>Writes <c>42["name","argument"]</c>; the argument must be an event message (nothing to escape).</summary>
    public static void WriteEvent(IBufferWriter<byte> output, string name, ReadOnlySpan<byte> argument)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(name);
        var span = output.GetSpan(EventOverhead(name) + argument.Length);
        var at = 0;
        EventHead.CopyTo(span);
        at += EventHead.Length;
        at += Encoding.ASCII.GetBytes(name, span[at..]);
        Middle.CopyTo(span[at..]);
        at += Middle.Length;
        argument.CopyTo(span[at..]);
        at += argument.Length;
        EventTail.CopyTo(span[at..]);
        at += EventTail.Length;
        output.Advance(at);
    }

    /// <summary>
    /// Reads a Socket.IO event's data (after <c>42</c>): its name and first argument, a string's raw bytes (unescaped
    /// into <paramref name="scratch"/> where needed) or a number.
    /// </summary>
    public static bool TryReadEvent(ReadOnlySpan<byte> data, Span<byte> scratch, out string? name, out ReadOnlySpan<byte> text, out long? number)
    {
        name = null;
        text = default;
        number = null;
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        name = reader.GetString();
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            text = reader.ValueIsEscaped ? scratch[..reader.CopyString(scratch)] : reader.ValueSpan;
        }
        else if (reader.TokenType == JsonTokenType.Number)
        {
            number = reader.GetInt64();
        }

        return true;
    }
}
