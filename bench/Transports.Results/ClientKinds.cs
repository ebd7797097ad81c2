using Transports.Contract;

namespace Transports.Results;

/// <summary>
/// The values of <see cref="ScenarioResult.ClientKind"/>: who the clients are. The suite's own .NET clients count
/// their bytes at their sockets; Chromium pages use the browser's fetch, EventSource and WebSocket with the browser's
/// own headers, reconnects and buffering, and their bytes are counted where they enter the suite (the server's sockets).
/// </summary>
public static class ClientKinds
{
    public const string Dotnet = "dotnet";
    public const string Chromium = "chromium";

    public static IReadOnlyList<string> All { get; } = [Dotnet, Chromium];

    /// <summary>Whether clients of <paramref name="kind"/> can speak <paramref name="transport"/> (a page cannot open raw TCP).</summary>
    public static bool CanSpeak(string kind, string transport) =>
        !string.Equals(kind, Chromium, StringComparison.Ordinal) || TransportIds.Find(transport)?.Browser is not (null or BrowserApi.None);

    /// <summary>Whether <paramref name="transport"/>'s scenarios differ by client kind at all.</summary>
    public static bool AppliesTo(string transport) => CanSpeak(Chromium, transport);
}
