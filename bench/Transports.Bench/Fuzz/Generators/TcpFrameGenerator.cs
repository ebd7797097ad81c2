using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// Length-prefixed frames to the tcp port that lie or break its rules: a subscribe prefix above its limit, a subscribe
/// frame that is no cursor, an upstream prefix above <see cref="FuzzTarget.MaxUpstreamBytes"/>, an upstream frame that
/// is no event message (each refused and counted), and prefixes promising more than is sent (held).
/// </summary>
public sealed class TcpFrameGenerator : IFuzzGenerator
{
    /// <summary>The tcp server's subscribe frame limit (a cursor is at most 19 digits).</summary>
    private const int MaxSubscribeFrame = 32;

    public string Name => "tcp-frames";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var subscribe = Frame([]);
        (byte[] Bytes, FuzzExpectation Expect, string What) shape = random.Next(6) switch
        {
            0 => (Prefix((uint)random.NextInt64(MaxSubscribeFrame + 1, uint.MaxValue + 1L), HttpText.RandomBytes(random, 64)), FuzzExpectation.Counted, "subscribe prefix above its limit"),
            1 => (Frame(Encoding.ASCII.GetBytes(NotACursor(random))), FuzzExpectation.Counted, "subscribe frame that is not a cursor"),
            2 => ([.. subscribe, .. Prefix((uint)random.NextInt64(target.MaxUpstreamBytes + 1L, uint.MaxValue + 1L), HttpText.RandomBytes(random, 256))], FuzzExpectation.Counted, "upstream prefix above the limit"),
            3 => ([.. subscribe, .. Frame(HttpText.RandomBytes(random, EventMessage.MinSize - 1))], FuzzExpectation.Counted, "upstream frame too short for an event message"),
            4 => (Prefix((uint)random.Next(1, MaxSubscribeFrame + 1), HttpText.RandomBytes(random, 0)), FuzzExpectation.Any, "subscribe prefix promising more than is sent"),
            _ => ([.. subscribe, .. Prefix((uint)random.Next(EventMessage.MinSize, 4096), HttpText.RandomBytes(random, EventMessage.MinSize - 1))], FuzzExpectation.Any, "upstream prefix promising more than is sent"),
        };
        return new FuzzInput(Name, index, target.Tcp, shape.Bytes, shape.Expect, shape.What);
    }

    private static byte[] Frame(ReadOnlySpan<byte> payload) => [.. Prefix((uint)payload.Length, []), .. payload];

    private static byte[] Prefix(uint length, byte[] after)
    {
        var bytes = new byte[LengthPrefixedFrame.HeaderSize + after.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        after.CopyTo(bytes, LengthPrefixedFrame.HeaderSize);
        return bytes;
    }

    /// <summary>1..32 characters that no cursor parse accepts: a sign, a letter, a space, or 20 digits and more.</summary>
    private static string NotACursor(Random random) => random.Next(4) switch
    {
        0 => "-" + random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        1 => new string('9', random.Next(20, MaxSubscribeFrame + 1)),
        2 => random.Next(0, 1000).ToString(CultureInfo.InvariantCulture) + (char)random.Next('a', 'z' + 1),
        _ => " " + random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
    };
}
