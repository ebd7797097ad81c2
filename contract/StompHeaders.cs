using System.Text;

namespace Transports.Contract;

/// <summary>STOMP 1.2 header names, and the escaping of header names and values (not in CONNECT or CONNECTED).</summary>
public static class StompHeaders
{
    public const string AcceptVersion = "accept-version";
    public const string Host = "host";
    public const string HeartBeat = "heart-beat";
    public const string Version = "version";
    public const string Destination = "destination";
    public const string Id = "id";
    public const string AckMode = "ack";
    public const string Subscription = "subscription";
    public const string MessageId = "message-id";
    public const string ContentLength = "content-length";
    public const string ContentType = "content-type";
    public const string Receipt = "receipt";
    public const string ReceiptId = "receipt-id";
    public const string Message = "message";
    public const string Transaction = "transaction";

    /// <summary>SUBSCRIBE's ack modes.</summary>
    public const string AckAuto = "auto";
    public const string AckClient = "client";
    public const string AckClientIndividual = "client-individual";

    /// <summary>Escapes CR, LF, colon and backslash as <c>\r \n \c \\</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("\\\r\n:") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '\r' => "\\r",
                '\n' => "\\n",
                ':' => "\\c",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>Undoes <see cref="Escape"/>; false for an undefined escape (e.g. <c>\t</c>) or a trailing backslash, a fatal protocol error.</summary>
    public static bool TryUnescape(string text, out string unescaped)
    {
        ArgumentNullException.ThrowIfNull(text);
        unescaped = text;
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return true;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                plain.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                return false;
            }

            var c = text[i] switch
            {
                '\\' => '\\',
                'r' => '\r',
                'n' => '\n',
                'c' => ':',
                _ => '\0',
            };
            if (c == '\0')
            {
                return false;
            }

            plain.Append(c);
        }

        unescaped = plain.ToString();
        return true;
    }
}
