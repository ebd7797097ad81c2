using System.Text;
using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// Request lines that are wrong: a target without its slash, an unknown HTTP version, a control byte in the target,
/// a line longer than the server takes (each refused by the HTTP layer), and any method or path (answered).
/// </summary>
public sealed class RequestLineGenerator : IFuzzGenerator
{
    /// <summary>More than Kestrel's default request line limit (8 KiB).</summary>
    private const int OversizedLine = 9 * 1024;

    private static readonly string[] Paths = [TransportPaths.Poll, TransportPaths.LongPoll, TransportPaths.Sse, TransportPaths.Publish, "/", "/nowhere"];

    public string Name => "request-lines";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var path = HttpText.Pick(random, Paths);
        (string Line, FuzzExpectation Expect, string What) shape = random.Next(5) switch
        {
            0 => ($"GET {path.TrimStart('/')}x HTTP/1.1", FuzzExpectation.Refused, "target without a slash"),
            1 => ($"GET {path} HTTP/{random.Next(2, 10)}.{random.Next(10)}", FuzzExpectation.Refused, "unknown HTTP version"),
            2 => ($"GET {path}{(char)random.Next(1, 0x20)}x HTTP/1.1", FuzzExpectation.Refused, "control byte in the target"),
            3 => ($"GET {path}?{new string('a', OversizedLine + random.Next(1024))} HTTP/1.1", FuzzExpectation.Refused, "request line over the limit"),
            _ => ($"{HttpText.RandomToken(random, 1, 12).ToUpperInvariant()} {path} HTTP/1.1", FuzzExpectation.Any, "any method"),
        };
        var bytes = Encoding.Latin1.GetBytes($"{shape.Line}\r\nHost: {target.Host}\r\nContent-Length: 0\r\n\r\n");
        return new FuzzInput(Name, index, target.Http, bytes, shape.Expect, shape.What);
    }
}
