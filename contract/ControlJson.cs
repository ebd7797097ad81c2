using System.Text.Json;

namespace Transports.Contract;

/// <summary>The one JSON setting of the control plane (web defaults: camelCase) for both of its ends.</summary>
public static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
