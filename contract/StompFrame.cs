namespace Transports.Contract;

/// <summary>
/// One STOMP frame: a command, headers in wire order (unescaped) and a body. A repeated header counts by its first
/// entry (STOMP 1.2, "Repeated Header Entries"). A frame read by <see cref="StompFrameReader"/> holds its body in
/// the reader's buffer: valid until the reader's next read.
/// </summary>
public sealed class StompFrame(string command, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
{
    public StompFrame(string command, params (string Name, string Value)[] headers)
        : this(command, [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))], ReadOnlyMemory<byte>.Empty)
    {
    }

    public string Command { get; } = command;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The first value of <paramref name="name"/>, or null when the frame has no such header.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.Ordinal))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>The same command and headers with <paramref name="body"/> (and no content-length added: say so in the headers).</summary>
    public StompFrame WithBody(ReadOnlyMemory<byte> body) => new(Command, Headers, body);

    /// <summary>The frame's bytes on the wire (<see cref="StompFrameWriter"/>).</summary>
    public byte[] ToBytes() => StompFrameWriter.Format(this);

    public override string ToString() => Command;
}
