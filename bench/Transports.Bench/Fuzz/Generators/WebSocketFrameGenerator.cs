using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// A valid opening handshake on the WebSocket path, then a frame that breaks RFC 6455: a reserved opcode, reserved
/// bits, a control frame that is too long or fragmented, a continuation with nothing to continue (each
/// answered with a close frame and counted); or one without a mask, one that lies about its length or carries any bytes (held or
/// answered as the server sees fit).
/// </summary>
public sealed class WebSocketFrameGenerator : IFuzzGenerator
{
    private static readonly int[] ReservedOpcodes = [0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF];

    public string Name => "websocket-frames";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var payload = HttpText.RandomBytes(random, 64);
        (byte[] Frame, FuzzExpectation Expect, string What) shape = random.Next(8) switch
        {
            0 => (WebSocketFrames.Frame(HttpText.Pick(random, ReservedOpcodes), payload, random: random), FuzzExpectation.Counted, "reserved opcode"),
            1 => (WebSocketFrames.Frame(WebSocketFrames.Text, payload, rsv: random.Next(1, 8), random: random), FuzzExpectation.Counted, "reserved bits set"),
            // RFC 6455 says fail, but the managed WebSocket takes an unmasked client frame as it comes: answered or held.
            2 => (WebSocketFrames.Frame(WebSocketFrames.Binary, payload, mask: false, random: random), FuzzExpectation.Any, "unmasked client frame"),
            3 => (WebSocketFrames.Frame(WebSocketFrames.Ping, HttpText.RandomBytes(random, 200).Concat(new byte[126]).ToArray(), random: random), FuzzExpectation.Counted, "control frame over 125 bytes"),
            4 => (WebSocketFrames.Frame(WebSocketFrames.Ping, payload.AsSpan(0, Math.Min(payload.Length, 125)), fin: false, random: random), FuzzExpectation.Counted, "fragmented control frame"),
            5 => (WebSocketFrames.Frame(WebSocketFrames.Continuation, payload, random: random), FuzzExpectation.Counted, "continuation with nothing to continue"),
            6 => (WebSocketFrames.Frame(WebSocketFrames.Binary, payload, claimedLength: payload.Length + random.NextInt64(1, 1L << 40), random: random), FuzzExpectation.Any, "frame promising more than is sent"),
            _ => (WebSocketFrames.Frame(HttpText.Pick(random, [WebSocketFrames.Text, WebSocketFrames.Binary]), payload, random: random), FuzzExpectation.Any, "message of any bytes"),
        };
        byte[] bytes = [.. WebSocketFrames.Handshake(TransportPaths.WebSocket, target.Host), .. shape.Frame];
        return new FuzzInput(Name, index, target.Http, bytes, shape.Expect, shape.What) { WebSocket = true };
    }
}
