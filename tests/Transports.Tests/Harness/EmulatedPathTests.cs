using System.Globalization;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Results;

namespace Transports.Tests.Harness;

/// <summary>
/// The harness over an emulated 100 ms path (a relay in this process between every client and the server): the relay
/// adds no byte, so what the clients and the server count is what the protocols fix, to the byte, exactly as without
/// it. No timing is asserted; delays only stretch the run.
/// </summary>
public sealed class EmulatedPathTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    private static Scenario Over100Ms(Scenario scenario) => scenario with { Rtt = TimeSpan.FromMilliseconds(100) };

    [Theory]
    [InlineData(TransportIds.WebSocket, 2)]
    [InlineData(TransportIds.Tcp, 4)]
    public async Task A_streams_bytes_at_100ms_rtt_equal_those_on_loopback_to_the_byte(string transport, double frameBytes)
    {
        var direct = await harness.RunAsync(transport, payloadBytes: 16, rateHz: 10, seconds: 0.6);
        var emulated = await harness.RunAsync(transport, payloadBytes: 16, rateHz: 10, seconds: 0.6, change: Over100Ms);

        foreach (var result in new[] { direct, emulated })
        {
            AssertCountedAlikeAndNothingLost(result);
            Assert.Equal((long)(frameBytes * result.EventsDelivered), result.ClientBytesReceived - result.PayloadBytesDelivered);
            Assert.Equal(0, result.ClientBytesSent);
        }

        Assert.Equal(direct.OverheadBytesPerEvent, emulated.OverheadBytesPerEvent);
        Assert.Null(direct.Relay);
        Assert.Equal(0, emulated.Relay!.DiscardedBytes);
    }

    [Fact]
    public async Task Sse_bytes_at_100ms_rtt_are_its_framing_to_the_byte_as_on_loopback()
    {
        foreach (var change in new Func<Scenario, Scenario>?[] { null, Over100Ms })
        {
            // One chunk per event: coalescing off, or a loaded machine could find two events waiting and send one chunk.
            var result = await harness.RunAsync(TransportIds.Sse, payloadBytes: 100, rateHz: 10, seconds: 0.6, change: s => (change?.Invoke(s) ?? s) with { Coalesce = Coalescing.Off });
            var last = harness.Server.Feed.LastSequence;
            var first = last - result.EventsPublished + 1;

            // Per event: "data: " + payload + "\n" + "id: " + sequence + "\n\n", one HTTP/1.1 chunk: hex length + CRLF, CRLF.
            long expected = 0;
            for (var sequence = first; sequence <= last; sequence++)
            {
                var framing = "data: ".Length + 1 + "id: ".Length + sequence.ToString(CultureInfo.InvariantCulture).Length + 2;
                expected += framing + (100 + framing).ToString("x", CultureInfo.InvariantCulture).Length + 4;
            }

            AssertCountedAlikeAndNothingLost(result);
            Assert.Equal(expected, result.ClientBytesReceived - result.PayloadBytesDelivered);
            Assert.Equal(change is null, result.Relay is null);
        }
    }

    [Fact]
    public async Task Polling_over_the_path_starts_at_a_phase_from_its_recorded_seed_and_counts_alike()
    {
        var result = await harness.RunAsync(TransportIds.Polling, rateHz: 10, seconds: 0.8, pollMs: 250, change: s => Over100Ms(s) with { Arrivals = Arrival.Poisson, Seed = 5 });

        AssertCountedAlikeAndNothingLost(result);
        Assert.NotNull(result.Seeds!.PollPhase);
        Assert.NotNull(result.Seeds.Feed);
        Assert.Null(result.Seeds.Jitter);
        Assert.Equal(100, result.RttMs);
        Assert.NotNull(result.Relay);
    }

    private static void AssertCountedAlikeAndNothingLost(ScenarioResult result)
    {
        Assert.True(result.WindowClean, $"{result.Name}: the window's edges were not clean");
        Assert.True(result.EventsDelivered > 0, result.Name);
        Assert.Equal(result.EventsExpected, result.EventsDelivered);
        Assert.Equal(0, result.EventsLost);
        Assert.Equal(result.ClientBytesReceived, result.ServerBytesOut);
        Assert.Equal(result.ClientBytesSent, result.ServerBytesIn);
    }
}
