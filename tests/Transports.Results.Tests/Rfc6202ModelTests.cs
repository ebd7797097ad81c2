using Transports.Contract;

namespace Transports.Results.Tests;

/// <summary>The RFC 6202 model's figures, worked out by hand for the cases the issue names.</summary>
public sealed class Rfc6202ModelTests
{
    private static ScenarioResult At(string transport, double rttMs, double rateHz, string arrivals = Arrival.Poisson, double pollMs = 1000) =>
        new() { Transport = transport, PayloadBytes = 16, RateHz = rateHz, Clients = 1, PollIntervalMs = pollMs, Arrivals = arrivals, RttMs = rttMs };

    [Theory]
    [InlineData(TransportIds.Tcp)]
    [InlineData(TransportIds.Sse)]
    [InlineData(TransportIds.WebSocket)]
    public void AStreamDeliversEveryEventInOneTransit(string transport)
    {
        var model = Rfc6202Model.For(At(transport, 100, 20))!;

        Assert.Equal((50, 50, 50, 50), (model.Quantile(0.5), model.Quantile(0.99), model.Mean, model.Max));
    }

    [Fact]
    public void PollingWaitsHalfAnIntervalOnAverageThenOneTransit()
    {
        var model = Rfc6202Model.For(At(TransportIds.Polling, 100, 1, pollMs: 1000))!;

        Assert.Equal(550, model.Mean, 9);
        Assert.Equal((50, 550, 1050), (model.Quantile(0), model.Quantile(0.5), model.Max));
        Assert.Equal(1040, model.Quantile(0.99), 9);
    }

    [Fact]
    public void APollCannotStartBeforeTheLastOneReturned()
    {
        // 50 ms interval, 200 ms round trip: one poll per round trip.
        var model = Rfc6202Model.For(At(TransportIds.Polling, 200, 10, pollMs: 50))!;

        Assert.Equal((100, 300), (model.FromMs, model.ToMs));
    }

    [Fact]
    public void LongPollingAtSparsePoissonEventsTakesAboutOneTransit()
    {
        // 2λT = 0.1: a share e^-0.1 / (0.1 + e^-0.1) = 0.9005 find a request waiting.
        var model = Rfc6202Model.For(At(TransportIds.LongPolling, 100, 1))!;

        Assert.Equal(Math.Exp(-0.1) / (0.1 + Math.Exp(-0.1)), model.PointWeight, 12);
        Assert.Equal(50, model.Quantile(0.5));
        Assert.Equal(54.976, model.Mean, 3);
        Assert.Equal(150, model.Max);
    }

    [Fact]
    public void LongPollingAtDensePoissonEventsReachesThreeTransits()
    {
        // 2λT = 2: most events land in the gap after a response and wait for the next request.
        var model = Rfc6202Model.For(At(TransportIds.LongPolling, 100, 20))!;

        Assert.Equal(Math.Exp(-2) / (2 + Math.Exp(-2)), model.PointWeight, 12);
        Assert.Equal(150, model.Max);
        Assert.Equal(96.83, model.Mean, 2);
    }

    [Theory]
    [InlineData(1, 1.0, 50)]
    [InlineData(10, 1.0, 50)]
    [InlineData(20, 0.0, 100)]
    public void LongPollingAtFixedArrivalsFindsARequestWaitingWhileTheGapIsLongerThanTwoTransits(double rate, double share, double mean)
    {
        var model = Rfc6202Model.For(At(TransportIds.LongPolling, 100, rate, Arrival.Fixed))!;

        Assert.Equal((share, mean), (model.PointWeight, model.Mean));
    }

    [Fact]
    public void ABandwidthLimitAddsTheEventsSerializationToTheTransit()
    {
        // 65,536 B payload and 10 B of frame at 1 Mbit/s: 524.368 ms on the wire, then 50 ms of delay.
        var scenario = At(TransportIds.WebSocket, 100, 5) with { PayloadBytes = 65_536, OverheadBytesPerEventDown = 10, BandwidthBitsPerSecond = 1_000_000 };

        Assert.Equal(574.368, Rfc6202Model.TransitMs(scenario), 9);
    }

    [Fact]
    public void TheChecksNameTheFiguresRfc6202SpeaksOf()
    {
        static IEnumerable<string> Statistics(ScenarioResult s) => Rfc6202Model.Checks(s).Select(c => c.Statistic);

        Assert.Equal(["p50"], Statistics(At(TransportIds.Tcp, 100, 1)));
        Assert.Equal(["mean"], Statistics(At(TransportIds.Polling, 100, 1)));
        Assert.Equal(["mean"], Statistics(At(TransportIds.LongPolling, 100, 1)));
        Assert.Equal(["mean", "max"], Statistics(At(TransportIds.LongPolling, 100, 20)));

        var measured = At(TransportIds.LongPolling, 100, 20) with { LatencyMs = new LatencySummary { Mean = 90, Max = 165 } };
        var max = Rfc6202Model.Checks(measured).Single(c => c.Statistic == "max");
        Assert.Equal((150, 165, 1.1), (max.ModelMs, max.MeasuredMs, Math.Round(max.Ratio, 9)));
    }

    [Fact]
    public void ATransportTheModelDoesNotKnowHasNoModel()
    {
        Assert.Null(Rfc6202Model.For(At("carrier-pigeon", 100, 1)));
        Assert.Empty(Rfc6202Model.Checks(At("carrier-pigeon", 100, 1)));
    }
}
