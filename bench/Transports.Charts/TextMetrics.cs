namespace Transports.Charts;

/// <summary>
/// Text width estimates for layout. SVG has no text measurement before rendering, so we assume a wide
/// sans-serif (DejaVu Sans, the usual fallback on Linux) and err on the wide side to avoid overlaps.
/// </summary>
internal static class TextMetrics
{
    /// <summary>Bold glyphs are about a tenth wider.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        double em = 0;
        foreach (var c in text)
        {
            em += c switch
            {
                'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 0.3,
                'f' or 't' or 'r' or ' ' or '(' or ')' or '-' or '/' => 0.42,
                'm' or 'w' or 'M' or 'W' or '%' or '@' => 0.9,
                >= 'A' and <= 'Z' => 0.72,
                >= '0' and <= '9' => 0.64,
                _ => 0.62,
            };
        }

        return em * fontSize * (bold ? 1.1 : 1);
    }

    /// <summary>Breaks a label after hyphens and at spaces into the fewest lines that fit.</summary>
    public static IReadOnlyList<string> Wrap(string text, double fontSize, double maxWidth, bool bold = false)
    {
        if (Width(text, fontSize, bold) <= maxWidth)
        {
            return [text];
        }

        var words = new List<string>();
        var current = "";
        foreach (var c in text)
        {
            if (c == ' ')
            {
                words.Add(current);
                current = "";
                continue;
            }

            current += c;
            if (c == '-')
            {
                words.Add(current);
                current = "";
            }
        }

        if (current.Length > 0)
        {
            words.Add(current);
        }

        var lines = new List<string>();
        var line = "";
        foreach (var word in words)
        {
            var joiner = line.Length == 0 || line.EndsWith('-') ? "" : " ";
            var candidate = line + joiner + word;
            if (line.Length > 0 && Width(candidate, fontSize, bold) > maxWidth)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }
}
