using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Transports.Network;

/// <summary>The named paths, read once from the embedded network-presets.json with the same parsers the CLI uses.</summary>
public static class NetworkPresets
{
    private const string ResourceName = "Transports.Network.network-presets.json";

    private static readonly Lazy<IReadOnlyList<NetworkPreset>> Loaded = new(() => Load(ReadResource()));

    /// <summary>Every preset, in the file's order (mildest first).</summary>
    public static IReadOnlyList<NetworkPreset> All => Loaded.Value;

    public static IEnumerable<string> Names => All.Select(preset => preset.Name);

    public static bool TryGet(string name, [NotNullWhen(true)] out NetworkPreset? preset)
    {
        preset = All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return preset is not null;
    }

    /// <summary>Parses a presets document; any bad entry is an <see cref="InvalidDataException"/> naming it.</summary>
    internal static IReadOnlyList<NetworkPreset> Load(string json)
    {
        using var document = JsonDocument.Parse(json);
        var presets = new List<NetworkPreset>();
        foreach (var entry in document.RootElement.GetProperty("presets").EnumerateArray())
        {
            var name = Text(entry, "name", "?");
            if (!NetworkUnits.TryParseDelay(Text(entry, "rtt", name), out var rtt, out var error)
                || !NetworkUnits.TryParseDelay(Text(entry, "jitter", name), out var jitter, out error)
                || !NetworkUnits.TryParseBandwidth(Text(entry, "bandwidth", name), out var bandwidth, out error)
                || !NetworkConditions.TryCreate(rtt, jitter, bandwidth, out var conditions, out error))
            {
                throw new InvalidDataException($"network preset '{name}': {error}");
            }

            if (presets.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException($"network preset '{name}' is listed twice");
            }

            presets.Add(new NetworkPreset(name, Text(entry, "description", name), conditions));
        }

        return presets;
    }

    private static string Text(JsonElement entry, string property, string preset) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"network preset '{preset}' has no string '{property}'");

    private static string ReadResource()
    {
        using var stream = typeof(NetworkPresets).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the resource {ResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
