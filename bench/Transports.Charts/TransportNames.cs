using Transports.Contract;

namespace Transports.Charts;

/// <summary>How transports are named on a slide; the ids stay the keys everywhere else.</summary>
public static class TransportNames
{
    /// <summary>The descriptor's display name; an unknown id stands as itself.</summary>
    public static string Display(string id) => TransportIds.Find(id)?.DisplayName ?? id;
}
