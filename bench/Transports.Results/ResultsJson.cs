using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Transports.Results;

/// <summary>Reads and writes results.json (camelCase, indented).</summary>
public static class ResultsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // Named, so results.csv can read the same contract (GetTypeInfo) before anything is serialized.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string Serialize(RunResults results) => JsonSerializer.Serialize(results, Options);

    /// <summary>Writes through a temporary file so a crash never leaves half a results.json behind.</summary>
    public static void Write(RunResults results, string path)
    {
        AtomicFile.WriteAllText(path, Serialize(results));
    }

    /// <summary>Reads a results.json; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static RunResults Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"No results file at {path}.");
        }

        RunResults? results;
        try
        {
            results = JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid results file: {e.Message}", e);
        }

        if (results is null)
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        if (results.Schema > RunResults.CurrentSchema)
        {
            throw new InvalidDataException($"{path} has schema {results.Schema}; this build reads up to {RunResults.CurrentSchema}.");
        }

        return results;
    }
}
