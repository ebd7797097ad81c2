using System.Globalization;
using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>
/// Upstream bodies on POST /publish: too short for an event message, random bytes whose header is no event header, a
/// Content-Length above the limit, a chunked body that grows past it (each refused and counted), and a length that
/// promises more than is sent (held).
/// </summary>
public sealed class PublishBodyGenerator : IFuzzGenerator
{
    public string Name => "publish-bodies";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var max = target.MaxUpstreamBytes;
        switch (random.Next(5))
        {
            case 0:
                return Post(index, target, Length(HttpText.RandomBytes(random, EventMessage.MinSize - 1)), FuzzExpectation.Counted, "body too short for an event message");
            case 1:
            {
                // A NUL is no base64url character: the first 16 bytes cannot be an event header.
                var body = HttpText.RandomBytes(random, 2048);
                body = [0, .. body, .. new byte[EventMessage.MinSize]];
                return Post(index, target, Length(body), FuzzExpectation.Counted, "body that is no event message");
            }

            case 2:
                return Post(index, target, ([("Content-Length", (max + 1L + random.Next(1 << 20)).ToString(CultureInfo.InvariantCulture))], HttpText.RandomBytes(random, 64)), FuzzExpectation.Counted, "Content-Length above the limit");
            case 3:
            {
                var chunk = new byte[64 * 1024];
                random.NextBytes(chunk);
                var chunks = (max / chunk.Length) + 2;
                var body = Enumerable.Range(0, chunks).SelectMany(_ => (byte[])[.. "10000\r\n"u8, .. chunk, .. "\r\n"u8]).Concat("0\r\n\r\n"u8.ToArray()).ToArray();
                return Post(index, target, ([("Transfer-Encoding", "chunked")], body), FuzzExpectation.Counted, "chunked body past the limit");
            }

            default:
            {
                var sent = HttpText.RandomBytes(random, 64);
                return Post(index, target, ([("Content-Length", (sent.Length + random.Next(1, 1000)).ToString(CultureInfo.InvariantCulture))], sent), FuzzExpectation.Any, "Content-Length promising more than is sent");
            }
        }
    }

    private static ((string, string)[] Headers, byte[] Body) Length(byte[] body) =>
        ([("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))], body);

    private FuzzInput Post(int index, FuzzTarget target, ((string, string)[] Headers, byte[] Body) request, FuzzExpectation expect, string what) =>
        new(Name, index, target.Http, HttpText.Request("POST", TransportPaths.Publish, target.Host, request.Headers, request.Body), expect, what);
}
