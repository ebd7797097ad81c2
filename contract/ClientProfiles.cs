namespace Transports.Contract;

/// <summary>The header profiles a client can send (<see cref="HeaderProfile"/>): one data file each under contract/profiles.</summary>
public static class ClientProfiles
{
    /// <summary>What the .NET clients send on their own: the default.</summary>
    public const string Minimal = "minimal";

    /// <summary>What a current Chromium sends, captured from Debian's chromium against `serve`.</summary>
    public const string Browser = "browser";

    /// <summary>Lubbers &amp; Greco's 2010 Firefox polling request and its response: 871 bytes of header text.</summary>
    public const string Lubbers2010 = "lubbers2010";

    public static IReadOnlyList<string> All { get; } = [Minimal, Browser, Lubbers2010];

    public static bool IsKnown(string? name) => All.Contains(name, StringComparer.Ordinal);
}
