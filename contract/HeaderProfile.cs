using System.Collections.Concurrent;
using System.Text;

namespace Transports.Contract;

/// <summary>
/// One client header profile (<see cref="ClientProfiles"/>), read from its data file (contract/profiles/NAME.headers):
/// the headers each kind of request carries beyond what the HTTP stack writes itself, and for a profile that
/// reproduces a published exchange, the response headers the server answers with.
/// File format: '#' lines describe the profile (how and when it was made); "[request]" lists the headers of every
/// request, "[fetch]", "[eventsource]" and "[websocket]" replace that list for one kind, "[response]" lists response
/// headers. A header is "Name: value"; "{origin}" in a value stands for the server's origin (scheme://host:port).
/// </summary>
public sealed class HeaderProfile
{
    private static readonly ConcurrentDictionary<string, HeaderProfile> Loaded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, List<KeyValuePair<string, string>>> _sections;

    private HeaderProfile(string name, string description, Dictionary<string, List<KeyValuePair<string, string>>> sections)
    {
        Name = name;
        Description = description;
        _sections = sections;
    }

    public string Name { get; }

    /// <summary>The file's comment lines: what the profile is and how it was made.</summary>
    public string Description { get; }

    /// <summary>Headers the server sets on every transport response (empty for most profiles).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders => Section("response") ?? [];

    public static HeaderProfile Minimal => Get(ClientProfiles.Minimal);

    /// <summary>The named profile, read once from its embedded data file.</summary>
    public static HeaderProfile Get(string name)
    {
        if (!ClientProfiles.IsKnown(name))
        {
            throw new ArgumentException($"unknown client profile '{name}' (known: {string.Join(", ", ClientProfiles.All)})", nameof(name));
        }

        return Loaded.GetOrAdd(name, static n =>
        {
            using var stream = typeof(HeaderProfile).Assembly.GetManifestResourceStream($"profiles/{n}.headers")
                ?? throw new InvalidOperationException($"the data file of profile '{n}' is not embedded");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Parse(n, reader.ReadToEnd());
        });
    }

    /// <summary>Parses a profile file's text; throws <see cref="FormatException"/> on a line that is not a header.</summary>
    public static HeaderProfile Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var description = new StringBuilder();
        var sections = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        List<KeyValuePair<string, string>>? current = null;
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith('#'))
            {
                description.AppendLine(trimmed.TrimStart('#').Trim());
            }
            else if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                var section = trimmed[1..^1];
                if (section is not ("request" or "fetch" or "eventsource" or "websocket" or "response"))
                {
                    throw new FormatException($"{name}.headers line {number}: unknown section [{section}]");
                }

                current = sections[section] = [];
            }
            else if (trimmed.Length > 0)
            {
                var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
                if (current is null || colon <= 0 || trimmed[..colon].Contains(' ', StringComparison.Ordinal))
                {
                    throw new FormatException($"{name}.headers line {number}: expected \"Name: value\" under a [section], got '{trimmed}'");
                }

                current.Add(new(trimmed[..colon], trimmed[(colon + 1)..].Trim()));
            }
        }

        return new HeaderProfile(name, description.ToString().Trim(), sections);
    }

    /// <summary>The headers a request of <paramref name="kind"/> carries, with "{origin}" filled in.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders(HttpRequestKind kind, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var list = Section(kind switch
        {
            HttpRequestKind.EventSource => "eventsource",
            HttpRequestKind.WebSocket => "websocket",
            _ => "fetch",
        }) ?? Section("request") ?? [];
        var originText = origin.GetLeftPart(UriPartial.Authority);
        return [.. list.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.Replace("{origin}", originText, StringComparison.Ordinal)))];
    }

    private List<KeyValuePair<string, string>>? Section(string name) => _sections.GetValueOrDefault(name);
}
