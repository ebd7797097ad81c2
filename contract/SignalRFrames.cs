using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Transports.Contract;

/// <summary>
/// SignalR's JSON hub protocol as this suite speaks it (dotnet/aspnetcore src/SignalR/docs/specs/HubProtocol.md):
/// every message is a JSON object followed by the record separator 0x1E. The client opens with
/// <c>{"protocol":"json","version":1}</c> and the server answers <c>{}</c>; events come as invocations of
/// <see cref="EventTarget"/> with the event message as the one string argument; upstream goes as a non-blocking
/// invocation (no invocationId, so no completion comes back) of <see cref="PublishTarget"/>.
/// </summary>
public static class SignalRFrames
{
    public const byte RecordSeparator = 0x1E;

    /// <summary>The hub method the server invokes on the client for each event.</summary>
    public const string EventTarget = "event";

    /// <summary>The hub method the server invokes once, first, with the sequence the subscription starts after.</summary>
    public const string CursorTarget = "cursor";

    /// <summary>The hub method the client invokes to send an upstream message.</summary>
    public const string PublishTarget = "publish";

    /// <summary>Message types of the hub protocol.</summary>
    public const int Invocation = 1;
    public const int Completion = 3;
    public const int Ping = 6;
    public const int Close = 7;

    /// <summary>The client's handshake request, separator included.</summary>
    public static ReadOnlyMemory<byte> Handshake { get; } = Encoding.ASCII.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");

    /// <summary>The ping the official clients send, separator included.</summary>
    public static ReadOnlyMemory<byte> PingMessage { get; } = Encoding.ASCII.GetBytes("{\"type\":6}\u001e");

    private static readonly byte[] InvocationHead = Encoding.ASCII.GetBytes("{\"type\":1,\"target\":\"");
    private static readonly byte[] ArgumentsHead = Encoding.ASCII.GetBytes("\",\"arguments\":[\"");
    private static readonly byte[] InvocationTail = Encoding.ASCII.GetBytes("\"]}\u001e");

    /// <summary>
    /// Bytes an invocation adds around a string argument that needs no escaping (an event message never does):
    /// <c>{"type":1,"target":"T","arguments":["…"]}</c> and the separator.
    /// </summary>
    public static int InvocationOverhead(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return InvocationHead.Length + target.Length + ArgumentsHead.Length + InvocationTail.Length;
    }

    /// <summary>
    /// Writes a non-blocking invocation of <paramref name="target"/> with one string argument. The argument must be
    /// an event message (base64url and padding: nothing to escape), which keeps the bytes those of the official writer.
    /// </summary>
    public static void WriteInvocation(IBufferWriter<byte> output, string target, ReadOnlySpan<byte> argument)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var length = InvocationOverhead(target) + argument.Length;
        var span = output.GetSpan(length);
        var at = 0;
        Put(span, ref at, InvocationHead);
        at += Encoding.ASCII.GetBytes(target, span[at..]);
        Put(span, ref at, ArgumentsHead);
        Put(span, ref at, argument);
        Put(span, ref at, InvocationTail);
        output.Advance(at);
    }

    /// <summary>One record of the hub protocol (separator removed), read far enough to act on it.</summary>
    public static HubRecord Read(ReadOnlySpan<byte> record, Span<byte> scratch)
    {
        var reader = new Utf8JsonReader(record);
        int? type = null;
        string? target = null;
        string? error = null;
        var argument = ReadOnlySpan<byte>.Empty;
        long? number = null;
        var hasArgument = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("signalr: a record is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.GetString();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new InvalidDataException("signalr: arguments is not an array");
                }

                if (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    hasArgument = true;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (reader.ValueIsEscaped)
                        {
                            var written = reader.CopyString(scratch);
                            argument = scratch[..written];
                        }
                        else
                        {
                            argument = reader.ValueSpan;
                        }
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        number = reader.GetInt64();
                    }

                    reader.Skip();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new HubRecord(type, target, argument, hasArgument ? number : null, error);
    }

    private static void Put(Span<byte> destination, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        at += bytes.Length;
    }
}

/// <summary>
/// One hub protocol record: its type (null for the handshake answer <c>{}</c>), target, first argument as
/// raw string bytes or as a number, and a close message's error.
/// </summary>
public readonly ref struct HubRecord(int? type, string? target, ReadOnlySpan<byte> argument, long? number, string? error)
{
    public int? Type { get; } = type;

    public string? Target { get; } = target;

    public ReadOnlySpan<byte> Argument { get; } = argument;

    public long? Number { get; } = number;

    public string? Error { get; } = error;
}
