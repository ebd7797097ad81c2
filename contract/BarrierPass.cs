namespace Transports.Contract;

/// <summary>
/// The answer of POST /control/barrier once every party has arrived: this party's place in the order of arrival
/// (1 = first) and the value one party brought (the coordinating shard's feed position), if any did.
/// </summary>
public sealed record BarrierPass(int Arrival, long? Value);
