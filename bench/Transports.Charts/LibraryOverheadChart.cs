using Transports.Contract;
using Transports.Results;

namespace Transports.Charts;

/// <summary>
/// library-overhead: what each library (or sub-protocol) adds on top of the bare protocol it rides on
/// (<see cref="TransportDescriptor.RidesOn"/>): per-event overhead in one panel and setup bytes in the other, each bare
/// protocol first and its libraries after it (SignalR's JSON invocation, Socket.IO's <c>42[...]</c>, SockJS's
/// <c>a[...]</c>, STOMP's MESSAGE frame next to WebSocket's 2 B), at the run's default settings and smallest payload.
/// Drawn when the run measured a library and the protocol it rides on.
/// </summary>
internal static class LibraryOverheadChart
{
    public const string Id = "library-overhead";

    public static ChartModel? Build(ScenarioMatrix matrix)
    {
        var payload = ScenarioDimensions.Payload;
        var sizes = matrix.PanelValues(payload);
        if (sizes.Count == 0)
        {
            return null;
        }

        var size = sizes[0];
        var target = matrix.DefaultTarget().With(payload, size);
        var picked = ChartParts.PickAll(matrix, target, payload).ToDictionary(p => p.Transport, p => p.Scenario, StringComparer.Ordinal);
        var libraries = TransportIds.All.Where(d => d.RidesOn is { } bare && picked.ContainsKey(d.Id) && picked.ContainsKey(bare)).ToList();
        if (libraries.Count == 0)
        {
            return null;
        }

        // Each bare protocol, then the libraries riding on it, in report order.
        var order = libraries.Select(d => d.RidesOn!).Distinct(StringComparer.Ordinal)
            .SelectMany(bare => (string[])[bare, .. libraries.Where(d => d.RidesOn == bare).Select(d => d.Id)])
            .ToList();
        BarGroup Group(string transport, Func<ScenarioResult, double> read)
        {
            var value = read(picked[transport]);
            return ChartParts.Group(transport, new Bar("value", value, transport, BarFill.Solid, NumberText.Value(value)));
        }

        var perEvent = order.Select(t => Group(t, s => s.OverheadBytesPerEvent)).ToList();
        var setup = order.Select(t => Group(t, s => s.SetupBytes)).ToList();
        return new ChartModel
        {
            Id = Id,
            Title = "What a library adds to the protocol it rides on (bytes)",
            Subtitle = ChartParts.Join("Each bare protocol first, its libraries after it; wire bytes counted at the client's socket", target.Describe()),
            Panels =
            [
                new ChartPanel { Title = "Overhead per event (B/event)", YAxis = ChartAxis.Fit("bytes per event", perEvent.SelectMany(g => g.Bars).Select(b => b.Value)), Groups = perEvent },
                new ChartPanel { Title = "Setup, until subscribed (B/client)", YAxis = ChartAxis.Fit("bytes per client", setup.SelectMany(g => g.Bars).Select(b => b.Value)), Groups = setup },
            ],
            Legend = [.. order.Select(t => new LegendEntry(TransportNames.Display(t), LegendSymbol.Box, t, BarFill.Solid))],
        };
    }
}
