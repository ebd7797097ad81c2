using System.IO.Compression;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// The compressors of the HTTP content codings (<see cref="ContentCodings"/>): gzip, and deflate as RFC 9110 defines it
/// (a zlib stream). At the fastest level, as ASP.NET Core's response compression uses by default.
/// </summary>
public static class ContentEncoder
{
    public const CompressionLevel Level = CompressionLevel.Fastest;

    /// <summary>A compressing stream over <paramref name="output"/>, which it leaves open.</summary>
    public static Stream Create(string coding, Stream output) => coding switch
    {
        ContentCodings.Gzip => new GZipStream(output, Level, leaveOpen: true),
        ContentCodings.Deflate => new ZLibStream(output, Level, leaveOpen: true),
        _ => throw new ArgumentException($"no compressor for '{coding}'", nameof(coding)),
    };

    /// <summary><paramref name="body"/> compressed as one whole.</summary>
    public static byte[] Compress(string coding, ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream();
        using (var compressor = Create(coding, output))
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }
}
