using System.Text;

namespace Transports.Bench.Fuzz;

/// <summary>HTTP/1.1 requests written by hand, byte for byte, so an input can be wrong in exactly one place.</summary>
public static class HttpText
{
    public static byte[] Request(string method, string target, string host, IEnumerable<(string Name, string Value)>? headers = null, byte[]? body = null, string version = "HTTP/1.1")
    {
        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(target).Append(' ').Append(version).Append("\r\n");
        text.Append("Host: ").Append(host).Append("\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(text.ToString()), .. body ?? []];
    }

    /// <summary>A random byte string of 0..<paramref name="max"/> bytes.</summary>
    public static byte[] RandomBytes(Random random, int max)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[random.Next(max + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random printable ASCII (no CR, LF or NUL).</summary>
    public static string RandomToken(Random random, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(random);
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x21, 0x7f);
        }

        return new string(chars);
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        return items[random.Next(items.Count)];
    }
}
