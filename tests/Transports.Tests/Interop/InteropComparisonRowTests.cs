using Transports.Bench.Interop;

namespace Transports.Tests.Interop;

/// <summary>The comparison's verdict on given figures: 5% each way on each figure, the same transport, and where a library races, a path both took.</summary>
public sealed class InteropComparisonRowTests
{
    private static readonly InteropCase Steady = new("signalr", "websockets");
    private static readonly InteropCase Racing = new("socketio", "auto", Races: true);

    [Fact]
    public void Figures_within_5_percent_agree()
    {
        var row = new InteropComparisonRow(Steady, [Run(1000, 700, 630, 0)], [Run(1049, 666, 600, 0)]);

        Assert.True(row.Agrees, string.Join("; ", row.Disagreements));
    }

    [Theory]
    [InlineData(1051, 700, 630, 0)]
    [InlineData(1000, 664, 630, 0)]
    [InlineData(1000, 700, 662, 0)]
    [InlineData(1000, 700, 630, 20)]
    public void One_figure_beyond_5_percent_disagrees(long setupDown, long setupUp, long eventsDown, long eventsUp)
    {
        var row = new InteropComparisonRow(Steady, [Run(1000, 700, 630, 0)], [Run(setupDown, setupUp, eventsDown, eventsUp)]);

        Assert.False(row.Agrees);
        Assert.Single(row.Disagreements);
    }

    [Fact]
    public void Another_transport_disagrees()
    {
        var row = new InteropComparisonRow(Steady, [Run(1000, 700, 630, 0)], [Run(1000, 700, 630, 0) with { Negotiated = "longpolling" }]);

        Assert.Contains(row.Disagreements, d => d.Contains("ours on longpolling", StringComparison.Ordinal));
    }

    [Fact]
    public void Where_the_library_races_the_runs_that_took_the_same_path_are_compared()
    {
        var row = new InteropComparisonRow(Racing, [Run(934, 1045, 640, 0, connections: 5), Run(774, 869, 640, 0, connections: 4)], [Run(933, 1045, 640, 0, connections: 5)]);

        Assert.Equal(5, row.CommonPath);
        Assert.Equal(934, row.Official.SetupDown);
        Assert.True(row.Agrees, string.Join("; ", row.Disagreements));
    }

    [Fact]
    public void Where_the_library_races_no_common_path_disagrees()
    {
        var row = new InteropComparisonRow(Racing, [Run(774, 869, 640, 0, connections: 4)], [Run(933, 1045, 640, 0, connections: 5)]);

        Assert.False(row.Settled);
        Assert.Contains(row.Disagreements, d => d.Contains("same path", StringComparison.Ordinal));
    }

    private static InteropFigures Run(long setupDown, long setupUp, long eventsDown, long eventsUp, long connections = 1) =>
        new("client", "websockets", setupDown, setupUp, eventsDown, eventsUp, Events: 10, connections);
}
