using Transports.Contract;

namespace Transports.Tests;

/// <summary>Theory data taken from the descriptor list, so a new transport joins every such test on its own.</summary>
public static class TransportTheories
{
    /// <summary>Every transport id, in report order.</summary>
    public static TheoryData<string> EveryTransport => new(TransportIds.Ids);
}
