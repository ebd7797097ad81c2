using System.Text.RegularExpressions;
using Transports.Charts;
using Transports.Contract;

namespace Transports.Tests.Contract;

/// <summary>The descriptor list is well formed, and every switch and registry covers every descriptor in it.</summary>
public sealed partial class TransportDescriptorTests
{
    [Fact]
    public async Task Every_descriptor_is_covered_by_every_registry()
    {
        await using var server = await InMemoryTestServer.StartAsync();

        await DescriptorCoverage.AssertCoveredAsync(TransportIds.All, server.Services);
    }

    [Fact]
    public async Task A_descriptor_nothing_knows_fails_the_check_naming_every_gap()
    {
        await using var server = await InMemoryTestServer.StartAsync();
        var pigeon = new TransportDescriptor
        {
            Id = "carrier-pigeon",
            DisplayName = "Carrier pigeon",
            Color = "#123456",
            Path = "/coo",
            Family = TransportFamily.Stream,
            WireFormat = (WireFormat)99,
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DescriptorCoverage.AssertCoveredAsync([.. TransportIds.All, pigeon], server.Services));

        Assert.Equal(
            [
                "transports not covered everywhere:",
                "carrier-pigeon: not in TransportIds.All (charts would name it 'carrier-pigeon' in #1a1a1a)",
                "carrier-pigeon: no client in TransportClients.Create",
                "carrier-pigeon: 0 servers registered in TransportServers.Add (one needed)",
                "carrier-pigeon: no codec for wire format 99 in EventCodec.CreateAsync",
                "carrier-pigeon: no sealed subclass of TransportContractTests",
            ],
            refused.Message.Split('\n'));
    }

    [Fact]
    public async Task A_Node_hosted_descriptor_without_a_server_kind_fails_the_check()
    {
        await using var server = await InMemoryTestServer.StartAsync();
        var peer = TransportIds.Get(TransportIds.NodeWs) with { Id = "node-sse" };

        var misses = await DescriptorCoverage.MissesAsync([peer], server.Services);

        Assert.Contains("node-sse: Node-hosted but no server kind in NodeServer.Kinds", misses);
        Assert.DoesNotContain(misses, m => m.Contains("TransportServers", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_names_colours_and_paths_are_each_unique()
    {
        Assert.Equal(TransportIds.Ids, TransportIds.All.Select(d => d.Id).Distinct());
        Assert.Equal(TransportIds.All.Count, TransportIds.All.Select(d => d.DisplayName).Distinct().Count());
        Assert.Equal(TransportIds.All.Count, TransportIds.All.Select(d => d.Color.ToUpperInvariant()).Distinct().Count());
        // Paths are unique per server: node-ws keeps our /ws on a Node server of its own.
        var paths = TransportIds.All.Where(d => d.Path is not null).Select(d => (d.Host, d.Path)).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
    }

    [Fact]
    public void Names_and_colours_on_charts_come_from_the_descriptors()
    {
        foreach (var descriptor in TransportIds.All)
        {
            Assert.Matches(HexColour(), descriptor.Color);
            Assert.Equal(descriptor.Color, ThemeColors.Light.ColorOf(descriptor.Id));
            Assert.Equal(descriptor.Color, ThemeColors.Dark.ColorOf(descriptor.Id));
            Assert.Equal(descriptor.DisplayName, TransportNames.Display(descriptor.Id));
            Assert.Contains(descriptor.DisplayName, HtmlReport.Heading(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Exactly_one_floor_and_it_is_the_floor_id()
    {
        var floor = Assert.Single(TransportIds.All, d => d.IsFloor);
        Assert.Equal(TransportIds.Floor, floor.Id);
        Assert.Equal(TransportIds.All.Count - 1, TransportIds.OrderOf(TransportIds.Floor));
    }

    [Fact]
    public void Every_transport_a_library_rides_on_is_a_bare_transport_in_the_list()
    {
        foreach (var descriptor in TransportIds.All.Where(d => d.RidesOn is not null))
        {
            var bare = TransportIds.Find(descriptor.RidesOn);
            Assert.NotNull(bare);
            Assert.Null(bare.RidesOn);
        }
    }

    [Fact]
    public void Request_per_batch_transports_are_served_over_HTTP_at_a_path()
    {
        foreach (var descriptor in TransportIds.All)
        {
            Assert.Equal(descriptor.Family == TransportFamily.RequestPerBatch, TransportIds.IsRequestPerBatch(descriptor.Id));
            if (descriptor.Family == TransportFamily.RequestPerBatch)
            {
                Assert.NotNull(descriptor.Path);
            }
        }

        Assert.False(TransportIds.IsRequestPerBatch("no-such-transport"));
        Assert.Null(TransportIds.Find("no-such-transport"));
        Assert.Throws<ArgumentException>(() => TransportIds.Get("no-such-transport"));
    }

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex HexColour();
}
