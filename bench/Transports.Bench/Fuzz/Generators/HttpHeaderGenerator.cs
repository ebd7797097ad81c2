using System.Text;
using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// Requests for a poll whose headers are malformed or too big: a line without a colon, a name with a space, more
/// header bytes than the server takes (refused by the HTTP layer), or odd but legal ones (answered).
/// </summary>
public sealed class HttpHeaderGenerator : IFuzzGenerator
{
    /// <summary>More than Kestrel's default limit on the headers' total size (32 KiB).</summary>
    private const int OversizedHeaderBytes = 40 * 1024;

    public string Name => "headers";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var line = $"GET {TransportPaths.Poll} HTTP/1.1\r\nHost: {target.Host}\r\n";
        (string Headers, FuzzExpectation Expect, string What) shape = random.Next(5) switch
        {
            0 => ($"{HttpText.RandomToken(random, 1, 40).Replace(":", "", StringComparison.Ordinal)}x\r\n", FuzzExpectation.Refused, "header line without a colon"),
            1 => ($"Bad Name{random.Next(100)}: x\r\n", FuzzExpectation.Refused, "header name with a space"),
            2 => ($"X-Big: {new string('a', OversizedHeaderBytes + random.Next(1024))}\r\n", FuzzExpectation.Refused, "headers over the size limit"),
            3 => (string.Concat(Enumerable.Range(0, random.Next(1, 50)).Select(i => $"X-{HttpText.RandomToken(random, 1, 10).Replace(":", "", StringComparison.Ordinal)}: {HttpText.RandomToken(random, 0, 100)}\r\n")), FuzzExpectation.Any, "odd header names and values"),
            _ => ($"Connection: {HttpText.RandomToken(random, 1, 30)}\r\nAccept: {HttpText.RandomToken(random, 1, 30)}\r\n", FuzzExpectation.Any, "odd Connection and Accept"),
        };
        var bytes = Encoding.Latin1.GetBytes(line + shape.Headers + "\r\n");
        return new FuzzInput(Name, index, target.Http, bytes, shape.Expect, shape.What);
    }
}
