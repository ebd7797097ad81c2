using Microsoft.Extensions.DependencyInjection;
using Transports.Bench.Harness;
using Transports.Bench.Micro;
using Transports.Charts;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Contract;

/// <summary>
/// Every place a transport has to be known, checked for each descriptor: the descriptor list itself (names and
/// colours come from it), a client in <see cref="TransportClients"/>, a server in <see cref="TransportServers"/> (or,
/// Node-hosted, a server kind in <see cref="NodeServer.Kinds"/>), a codec for its wire format in <see cref="EventCodec"/>, and a sealed subclass of <see cref="TransportContractTests"/>.
/// </summary>
internal static class DescriptorCoverage
{
    /// <summary>Throws, naming every place each uncovered descriptor is missing from.</summary>
    public static async Task AssertCoveredAsync(IReadOnlyList<TransportDescriptor> descriptors, IServiceProvider services)
    {
        var misses = await MissesAsync(descriptors, services);
        if (misses.Count > 0)
        {
            throw new InvalidOperationException("transports not covered everywhere:\n" + string.Join("\n", misses));
        }
    }

    public static async Task<List<string>> MissesAsync(IReadOnlyList<TransportDescriptor> descriptors, IServiceProvider services)
    {
        var servers = services.GetServices<ITransportServer>().Select(s => s.Descriptor.Id).ToList();
        var contracts = ContractSubclassTransports();
        var misses = new List<string>();
        foreach (var descriptor in descriptors)
        {
            var id = descriptor.Id;
            if (TransportIds.Find(id) != descriptor)
            {
                misses.Add($"{id}: not in TransportIds.All (charts would name it '{TransportNames.Display(id)}' in {ThemeColors.Light.ColorOf(id)})");
            }

            if (!await HasClientAsync(descriptor))
            {
                misses.Add($"{id}: no client in TransportClients.Create");
            }

            if (descriptor.Host == TransportHost.Kestrel && servers.Count(s => s == id) != 1)
            {
                misses.Add($"{id}: {servers.Count(s => s == id)} servers registered in TransportServers.Add (one needed)");
            }

            if (descriptor.Host == TransportHost.Node && !NodeServer.Kinds.ContainsKey(id))
            {
                misses.Add($"{id}: Node-hosted but no server kind in NodeServer.Kinds");
            }

            if (!await HasCodecAsync(descriptor.WireFormat))
            {
                misses.Add($"{id}: no codec for wire format {descriptor.WireFormat} in EventCodec.CreateAsync");
            }

            if (!contracts.Contains(id))
            {
                misses.Add($"{id}: no sealed subclass of TransportContractTests");
            }
        }

        return misses;
    }

    private static async Task<bool> HasClientAsync(TransportDescriptor descriptor)
    {
        var nowhere = new ClientConnections
        {
            HttpBase = new Uri("http://127.0.0.1:9/"),
            CreateHttpHandler = () => new HttpClientHandler(),
            ConnectWebSocket = (_, _) => throw new NotSupportedException("no connection in a registry check"),
        };
        try
        {
            await using var client = TransportClients.Create(descriptor.Id, nowhere, new RecordingSink());
            return client.Transport == descriptor.Id;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> HasCodecAsync(WireFormat format)
    {
        try
        {
            using var codec = await EventCodec.CreateAsync(format, events: 4, payloadBytes: 64, CancellationToken.None);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static HashSet<string> ContractSubclassTransports() =>
    [
        .. typeof(TransportContractTests).Assembly.GetTypes()
            .Where(t => t.IsSealed && t.IsSubclassOf(typeof(TransportContractTests)))
            .Select(t => ((TransportContractTests)Activator.CreateInstance(t)!).Transport),
    ];
}
