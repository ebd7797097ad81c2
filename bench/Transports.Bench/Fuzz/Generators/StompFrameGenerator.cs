using System.Globalization;
using System.Text;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// STOMP 1.2 over WebSocket (<see cref="StompFraming"/>): a valid handshake on <see cref="TransportPaths.Stomp"/> with
/// the subprotocol, then text messages carrying frames that break the protocol. Refused with ERROR and a close other
/// than 1000, and counted: an unknown or malformed command, a head over <see cref="StompFraming.MaxHeaderBytes"/>, a
/// header line that is not name:value, a content-length that is not a byte count, negative, over the limit or shorter
/// than the body, an undefined escape, any frame before CONNECT, a second CONNECT or one without version 1.2,
/// SUBSCRIBE without an id, with an unknown ack mode or destination, a second SUBSCRIBE, UNSUBSCRIBE or ACK/NACK of an
/// id nobody gave, a heart-beat that is not two non-negative integers, bytes that are not UTF-8 in a text message, a
/// lone CR between frames. Held or answered as the server sees fit: a frame without its NUL, unterminated headers
/// under the limit, a content-length promising more than is sent, huge but valid heart-beats, odd but valid ids,
/// garbage in a binary message, and valid conversations cut across messages or fragments at any byte.
/// </summary>
public sealed class StompFrameGenerator : IFuzzGenerator
{
    private const string Connect = "CONNECT\naccept-version:1.2\nhost:fuzz\n\n\0";
    private const string Subscribe = "SUBSCRIBE\nid:s\ndestination:/topic/events\n\n\0";

    private static readonly string[] ClientCommands =
    [
        StompCommands.Connect, StompCommands.Stomp, StompCommands.Send, StompCommands.Subscribe, StompCommands.Unsubscribe,
        StompCommands.Ack, StompCommands.Nack, StompCommands.Begin, StompCommands.Commit, StompCommands.Abort, StompCommands.Disconnect,
    ];

    private static readonly string[] ServerCommands = [StompCommands.Connected, StompCommands.Message, StompCommands.Receipt, StompCommands.Error];

    private static readonly string[] NotByteCounts = ["abc", "1e3", "+5", " 5", "5 ", "0x10", "", "1.5", "\u0663", "12,3"];

    private static readonly string[] BadHeartbeats = ["abc", "1", "1,", ",1", "-1,0", "0,-1", "1,2,3", "1.5,2", "+1,1", " 1,1", "1 ,1", "", "99999999999999999999,0", "0,99999999999999999999"];

    private static readonly string[] HugeHeartbeats = ["9223372036854775807,9223372036854775807", "0,9223372036854775807", "0,4294967295", "4294967296,1", "2147483648,2147483648"];

    /// <summary>
    /// The input the WebSocket itself refuses: it sends its close frame (1007) and drops the connection, whose reset can
    /// overtake the 101 and the close frame on their way to the client (counted all the same).
    /// </summary>
    public const string NotUtf8 = "bytes that are not UTF-8 in a text message";

    public string Name => "stomp-frames";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var shape = random.Next(11) switch
        {
            0 => BadCommand(random),
            1 => MissingNul(random),
            2 => BadHead(random),
            3 => BadContentLength(random, target.MaxUpstreamBytes),
            4 => BadEscape(random),
            5 => BeforeConnect(random),
            6 => BadSubscription(random),
            7 => BadHeartbeat(random),
            8 => UnknownAcknowledgement(random),
            9 => Garbage(random),
            _ => Split(random),
        };
        // Masked with keys from the same random, after the shape is chosen: a seed recreates the bytes exactly.
        byte[] bytes =
        [
            .. WebSocketFrames.Handshake(TransportPaths.Stomp, target.Host, [("Sec-WebSocket-Protocol", StompProtocol.SubProtocol)]),
            .. shape.Messages.SelectMany(m => WebSocketFrames.Frame(m.Opcode, m.Payload, fin: m.Fin, random: random)),
        ];
        return new FuzzInput(Name, index, target.Http, bytes, shape.Expect, shape.What) { WebSocket = true };
    }

    private static Shape BadCommand(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var command = Letters(random, 1, 12);
                command = ClientCommands.Contains(command) ? "X" + command : command;
                return Refused([Connect, $"{command}\n\n\0"], "unknown command");
            }

            case 1:
                return Refused([Connect, $"{HttpText.Pick(random, ServerCommands)}\n\n\0"], "a server's command from the client");
            case 2:
            {
                // A character outside A-Z anywhere in the command line: lower case, a digit, a space, punctuation.
                var command = HttpText.Pick(random, ClientCommands);
                var at = random.Next(command.Length + 1);
                var odd = (char)HttpText.Pick(random, [.. Enumerable.Range(0x20, 0x5f).Where(c => c is < 'A' or > 'Z')]);
                return Refused(Maybe(random, Connect, $"{command[..at]}{odd}{command[at..]}\nid:1\n\n\0"), "command that is not A-Z");
            }

            default:
                return Refused([Connect, $"{HttpText.Pick(random, [StompCommands.Begin, StompCommands.Commit, StompCommands.Abort])}\ntransaction:t\n\n\0"], "transaction command");
        }
    }

    private static Shape MissingNul(Random random)
    {
        var body = Ascii(random, 0, 1024);
        return random.Next(3) switch
        {
            0 => Any([Connect[..^1]], "CONNECT without its NUL"),
            1 => Any([Connect, $"SEND\ndestination:{StompProtocol.Destination}\n\n{body}"], "SEND whose body has no NUL"),
            _ => Any([Connect, Subscribe[..^1], body], "SUBSCRIBE without its NUL, then bytes"),
        };
    }

    private static Shape BadHead(Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return Refused(Maybe(random, Connect, $"SEND\nh:{new string('x', StompFraming.MaxHeaderBytes + random.Next(1, 8192))}\n\n\0"), "header value over the head limit");
            case 1:
            {
                var headers = string.Concat(Enumerable.Range(0, (StompFraming.MaxHeaderBytes / 64) + random.Next(1, 64)).Select(i => $"h{i}:{new string('y', 60)}\n"));
                return Refused([Connect, $"SUBSCRIBE\n{headers}\n\0"], "headers over the head limit together");
            }

            case 2:
                return Any(Maybe(random, Connect, $"SUBSCRIBE\nid:1\ndestination:{StompProtocol.Destination}\nh:{Ascii(random, 0, StompFraming.MaxHeaderBytes / 2)}"), "headers with no blank line, under the limit");
            case 3:
                return Refused([Connect, $"SUBSCRIBE\nid:1\n{Letters(random, 1, 40).ToLowerInvariant()}\n\n\0"], "header line with no colon");
            default:
                return Refused([Connect, $"SUBSCRIBE\nid:1\n:{Letters(random, 0, 40)}\n\n\0"], "header with an empty name");
        }
    }

    private static Shape BadContentLength(Random random, int maxBodyBytes)
    {
        var body = Ascii(random, 1, 512);
        string Send(string length) => $"SEND\ndestination:{StompProtocol.Destination}\ncontent-length:{length}\n\n{body}\0";
        return random.Next(6) switch
        {
            0 => Refused([Connect, Send(HttpText.Pick(random, NotByteCounts))], "content-length not a number"),
            1 => Refused([Connect, Send("-" + random.Next(0, int.MaxValue).ToString(CultureInfo.InvariantCulture))], "negative content-length"),
            2 => Refused([Connect, Send(new string('9', random.Next(11, 40)))], "content-length of more than 10 digits"),
            3 => Refused([Connect, Send(random.NextInt64(maxBodyBytes + 1L, int.MaxValue + 1L).ToString(CultureInfo.InvariantCulture))], "content-length over the limit"),
            // The body holds no NUL, so the byte where the length says it ends is not one.
            4 => Refused([Connect, Send(random.Next(0, body.Length).ToString(CultureInfo.InvariantCulture))], "content-length shorter than the body"),
            _ => Any([Connect, Send((body.Length + random.Next(1, 1000)).ToString(CultureInfo.InvariantCulture))], "content-length promising more than is sent"),
        };
    }

    private static Shape BadEscape(Random random)
    {
        // Defined escapes are \\ \r \n \c; anything else after a backslash (or nothing) is a fatal error, except in
        // CONNECT, whose headers are not escaped.
        var undefined = HttpText.Pick(random, [.. Enumerable.Range(0x20, 0x5f).Select(c => (char)c).Where(c => c is not ('\\' or 'r' or 'n' or 'c'))]);
        var escape = random.Next(4) == 0 ? "\\" : $"\\{undefined}";
        var word = Letters(random, 0, 10).ToLowerInvariant();
        return random.Next(5) switch
        {
            0 => Refused([Connect, $"SUBSCRIBE\nid:{word}{escape}\ndestination:{StompProtocol.Destination}\n\n\0"], "undefined escape in a SUBSCRIBE value"),
            1 => Refused([Connect, $"SEND\ndestination:{StompProtocol.Destination}\nx{escape}y:1\n\n\0"], "undefined escape in a header name"),
            2 => Refused([Connect, Subscribe, $"{HttpText.Pick(random, [StompCommands.Ack, StompCommands.Nack, StompCommands.Unsubscribe])}\nid:{word}{escape}\n\n\0"], "undefined escape in an id"),
            3 => Refused([Connect, $"DISCONNECT\nreceipt:{escape}{word}\n\n\0"], "undefined escape in a receipt"),
            _ => Any([$"CONNECT\naccept-version:1.2\nhost:{word}{escape}\n\n\0", Subscribe], "a backslash in CONNECT, which does not escape"),
        };
    }

    private static Shape BeforeConnect(Random random) => random.Next(4) switch
    {
        0 => Refused([$"{HttpText.Pick(random, ClientCommands.Except([StompCommands.Connect, StompCommands.Stomp]).ToArray())}\nid:1\ndestination:{StompProtocol.Destination}\n\n\0"], "frame before CONNECT"),
        1 => Refused([Subscribe, Connect], "SUBSCRIBE, then CONNECT"),
        2 => Refused([Connect, random.Next(2) == 0 ? Connect : "STOMP\naccept-version:1.2\n\n\0"], "second CONNECT"),
        _ => Refused([$"CONNECT\n{(random.Next(3) == 0 ? "" : $"accept-version:{HttpText.Pick(random, ["1.0", "1.1", "1.0,1.1", "2.0", "1.20", "", "1.2 "])}\n")}\n\0"], "CONNECT without version 1.2"),
    };

    private static Shape BadSubscription(Random random)
    {
        var destination = $"destination:{StompProtocol.Destination}";
        return random.Next(6) switch
        {
            0 => Refused([Connect, $"SUBSCRIBE\n{destination}\nack:auto\n\n\0"], "SUBSCRIBE without an id"),
            1 => Refused([Connect, $"SUBSCRIBE\nid:1\n{destination}\nack:x{Letters(random, 0, 20).ToLowerInvariant()}\n\n\0"], "SUBSCRIBE with an unknown ack mode"),
            2 => Refused([Connect, $"SUBSCRIBE\nid:1\ndestination:/{Letters(random, 0, 20).ToLowerInvariant()}\n\n\0"], "SUBSCRIBE to an unknown destination"),
            3 => Refused([Connect, Subscribe, Subscribe.Replace("id:s", "id:t", StringComparison.Ordinal)], "second SUBSCRIBE"),
            4 => Refused([Connect, Subscribe, $"UNSUBSCRIBE\nid:{Letters(random, 2, 20)}\n\n\0"], "UNSUBSCRIBE of an id nobody gave"),
            _ => Any([Connect, $"SUBSCRIBE\nid:{HttpText.Pick(random, ["", "\\c\\n\\r\\\\", "é→✓", new string('i', 1000), "-1", " "])}\n{destination}\nack:{HttpText.Pick(random, [StompHeaders.AckAuto, StompHeaders.AckClient, StompHeaders.AckClientIndividual])}\n\n\0"], "SUBSCRIBE with an odd but valid id"),
        };
    }

    private static Shape BadHeartbeat(Random random)
    {
        string ConnectBeating(string heartbeat) => $"CONNECT\naccept-version:1.2\nheart-beat:{heartbeat}\n\n\0";
        return random.Next(3) switch
        {
            0 or 1 => Refused([ConnectBeating(HttpText.Pick(random, BadHeartbeats))], "heart-beat that is not two non-negative integers"),
            _ => Any([ConnectBeating(random.Next(2) == 0 ? HttpText.Pick(random, HugeHeartbeats) : $"{random.NextInt64(long.MaxValue)},{random.NextInt64(long.MaxValue)}"), Subscribe], "huge but valid heart-beat"),
        };
    }

    private static Shape UnknownAcknowledgement(Random random)
    {
        // Sequences in a run are small: an id no message has had is not a number, negative, or far beyond them.
        var id = random.Next(4) switch
        {
            0 => Letters(random, 1, 20),
            1 => "-" + random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture),
            2 => random.NextInt64(1L << 50, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            _ => new string('9', random.Next(20, 40)),
        };
        var command = HttpText.Pick(random, [StompCommands.Ack, StompCommands.Nack]);
        var ack = HttpText.Pick(random, [StompHeaders.AckAuto, StompHeaders.AckClient, StompHeaders.AckClientIndividual]);
        return random.Next(3) switch
        {
            0 => Refused([Connect, $"{command}\nid:{id}\n\n\0"], "ACK or NACK with no subscription"),
            1 => Refused([Connect, Subscribe.Replace("\n\n", $"\nack:{ack}\n\n", StringComparison.Ordinal), $"{command}\n\n\0"], "ACK or NACK without an id"),
            _ => Refused([Connect, Subscribe.Replace("\n\n", $"\nack:{ack}\n\n", StringComparison.Ordinal), $"{command}\nid:{id}\n\n\0"], "ACK or NACK of an unknown id"),
        };
    }

    private static Shape Garbage(Random random)
    {
        var garbage = HttpText.RandomBytes(random, 512);
        var connect = random.Next(2) == 0;
        if (random.Next(3) == 0)
        {
            // A binary message is read as STOMP bytes like a text one: whatever it amounts to.
            return new Shape([.. connect ? Text(Connect) : [], new Message(WebSocketFrames.Binary, garbage)], FuzzExpectation.Any, "random bytes in a binary message");
        }

        // 0xFF is never UTF-8: the WebSocket itself refuses the text message (1007).
        byte[] invalid = [0xFF, .. garbage];
        return new Shape([.. connect ? Text(Connect) : [], new Message(WebSocketFrames.Text, invalid)], FuzzExpectation.Counted, NotUtf8);
    }

    /// <summary>A valid conversation cut at random bytes into separate messages, or into fragments of one message.</summary>
    private static Shape Split(Random random)
    {
        var beats = string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "\n" : "\r\n", random.Next(3)));
        var (ending, expect, what) = random.Next(3) switch
        {
            0 => ("DISCONNECT\nreceipt:bye\n\n\0", FuzzExpectation.Any, "ending with DISCONNECT"),
            1 => ("ACK\nid:nobody\n\n\0", FuzzExpectation.Counted, "ending with an ACK of nothing"),
            _ => ("\rSEND\n\n\0", FuzzExpectation.Counted, "ending with a lone CR"),
        };
        var conversation = Encoding.UTF8.GetBytes($"{Connect}{beats}SUBSCRIBE\nid:s\ndestination:{StompProtocol.Destination}\nreceipt:r\n\n\0{beats}{ending}");
        var cuts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(1, conversation.Length)).Distinct().Order().Append(conversation.Length).ToList();
        var fragments = random.Next(2) == 0;
        var messages = new List<Message>();
        var start = 0;
        foreach (var cut in cuts)
        {
            var last = cut == conversation.Length;
            var opcode = fragments && start > 0 ? WebSocketFrames.Continuation : WebSocketFrames.Text;
            messages.Add(new Message(opcode, conversation[start..cut], Fin: !fragments || last));
            start = cut;
        }

        return new Shape([.. messages], expect, $"conversation cut into {(fragments ? "fragments" : "messages")}, {what}");
    }

    /// <summary>Each STOMP text in a text message of its own.</summary>
    private static Shape Refused(string[] messages, string what) => new(Text(messages), FuzzExpectation.Counted, what);

    private static Shape Any(string[] messages, string what) => new(Text(messages), FuzzExpectation.Any, what);

    private static Message[] Text(params string[] messages) => [.. messages.Select(m => new Message(WebSocketFrames.Text, Encoding.UTF8.GetBytes(m)))];

    /// <summary><paramref name="frame"/>, after CONNECT or not.</summary>
    private static string[] Maybe(Random random, string connect, string frame) => random.Next(2) == 0 ? [connect, frame] : [frame];

    private static string Letters(Random random, int min, int max) =>
        new([.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => (char)random.Next('A', 'Z' + 1))]);

    /// <summary>Printable ASCII without NUL, CR or LF.</summary>
    private static string Ascii(Random random, int min, int max) => HttpText.RandomToken(random, min, max);

    /// <summary>What an input sends after the handshake, and what the server must make of it.</summary>
    private sealed record Shape(Message[] Messages, FuzzExpectation Expect, string What);

    /// <summary>One WebSocket frame: a whole message, or with <paramref name="Fin"/> false a fragment of one.</summary>
    private sealed record Message(int Opcode, byte[] Payload, bool Fin = true);
}
