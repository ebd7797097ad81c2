using System.IO.Compression;
using Transports.Contract;

namespace Transports.Clients;

/// <summary>
/// Undoes a response's Content-Encoding (gzip, or deflate as RFC 9110 defines it: zlib). Done here rather than by the
/// handler's automatic decompression, which would re-write the profile's Accept-Encoding header (and its bytes).
/// </summary>
internal static class ContentDecoding
{
    /// <summary>A stream of the decoded body over <paramref name="body"/> (itself when the response is not encoded).</summary>
    public static Stream Decode(HttpContent content, Stream body) => content.Headers.ContentEncoding.Count switch
    {
        0 => body,
        1 => content.Headers.ContentEncoding.First() switch
        {
            ContentCodings.Gzip => new GZipStream(body, CompressionMode.Decompress),
            ContentCodings.Deflate => new ZLibStream(body, CompressionMode.Decompress),
            var other => throw new InvalidDataException($"unexpected Content-Encoding '{other}'"),
        },
        _ => throw new InvalidDataException($"unexpected Content-Encoding '{string.Join(", ", content.Headers.ContentEncoding)}'"),
    };

    /// <summary>The whole decoded body.</summary>
    public static async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (content.Headers.ContentEncoding.Count == 0)
        {
            return body;
        }

        await using var decoded = Decode(content, new MemoryStream(body, writable: false));
        using var plain = new MemoryStream();
        await decoded.CopyToAsync(plain, cancellationToken).ConfigureAwait(false);
        return plain.ToArray();
    }
}
