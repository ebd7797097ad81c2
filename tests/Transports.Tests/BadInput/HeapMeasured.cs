namespace Transports.Tests.BadInput;

/// <summary>
/// Tests that read the test process's managed heap as the server's (an in-process server shares it): they run alone,
/// after the parallel tests, so another test's allocations are not counted as the server's growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasured
{
    public const string Name = "alone: heap measured";
}
