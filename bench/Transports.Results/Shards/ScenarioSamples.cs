namespace Transports.Results.Shards;

/// <summary>One scenario's raw window on one shard: its name, the published range (first, last] and every client's samples.</summary>
public sealed record ScenarioSamples(string Name, long FirstSequence, long LastSequence, IReadOnlyList<ClientSamples> Clients)
{
    public long Published => LastSequence - FirstSequence;
}
