using System.Diagnostics;
using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;
using Xunit.Abstractions;

namespace Transports.Tests.MultiHost;

/// <summary>
/// The NTP-style clock offset (../shared/ANCHORS.md, Packets and clocks): its arithmetic on fixed timestamps,
/// exactly, with equal and with different Stopwatch frequencies; the correction applied to latency samples; and
/// on loopback, one clock, where the estimate must lie within its own uncertainty of zero.
/// </summary>
public sealed class ClockOffsetTests(ITestOutputHelper output)
{
    private const long Ns = 1_000_000_000;

    [Fact]
    public void Offset_and_delay_follow_the_NTP_formulas_on_one_frequency()
    {
        // Server 5 ms ahead; 1 ms out, 0.2 ms in the server, 3 ms back: t1 = t0 + 1 + 5, t2 = t1 + 0.2, t3 = t0 + 4.2.
        var sample = new ClockSample(T0: 1_000_000_000, T1: 1_006_000_000, T2: 1_006_200_000, T3: 1_004_200_000, Ns, Ns);

        // offset = ((t1 − t0) + (t2 − t3)) / 2 = (6 + 2) / 2 = 4 ms: off by the 1 ms asymmetry, within delay / 2 = 2 ms.
        Assert.Equal(0.004, sample.OffsetSeconds, 12);
        Assert.Equal(0.004, sample.DelaySeconds, 12);
        Assert.True(Math.Abs(sample.OffsetSeconds - 0.005) <= sample.DelaySeconds / 2);
    }

    [Fact]
    public void Each_side_counts_at_its_own_frequency()
    {
        // The server's clock counts 100 ns ticks (10 MHz, Windows' QPC) and reads 59 ms ahead; both legs take 1 ms.
        var t0 = 7_000_000_000L; // 7 s on the client, in ns
        var server = new ClockSample(t0, T1: 70_600_000, T2: 70_610_000, T3: t0 + 3_000_000, Ns, 10_000_000);

        // t1 = 7.060 s, t2 = 7.061 s on the server; t0 = 7.000, t3 = 7.003 on the client.
        Assert.Equal(0.059, server.OffsetSeconds, 9);
        Assert.Equal(0.002, server.DelaySeconds, 9);
    }

    [Fact]
    public void The_estimate_is_the_exchange_with_the_smallest_round_trip()
    {
        var slow = new ClockSample(0, 9_000_000, 9_000_000, 10_000_000, Ns, Ns);   // offset 4 ms, delay 10 ms
        var quick = new ClockSample(0, 600_000, 700_000, 1_000_000, Ns, Ns);       // offset 0.15 ms, delay 0.9 ms
        var impossible = new ClockSample(0, 5_000_000, 9_000_000, 1_000_000, Ns, Ns); // delay −3 ms: not a Stopwatch

        var offset = ClockOffset.FromBest([slow, impossible, quick]);

        Assert.Equal(0.15, offset.OffsetMs, 9);
        Assert.Equal(0.45, offset.UncertaintyMs, 9);
        Assert.Throws<InvalidDataException>(() => ClockOffset.FromBest([impossible]));
        Assert.Throws<InvalidDataException>(() => ClockOffset.FromBest([]));
    }

    [Fact]
    public void Server_ticks_become_this_hosts_ticks()
    {
        var f = Stopwatch.Frequency;
        var ahead = new ClockOffset(offsetSeconds: 2, uncertaintySeconds: 0, serverFrequency: f);
        Assert.Equal(10 * f, ahead.ToClientTicks(12 * f));

        // A server counting at half our rate and reading 1 s behind us: its 40 s is our 41 s.
        var slower = new ClockOffset(offsetSeconds: -1, uncertaintySeconds: 0, serverFrequency: f / 2);
        Assert.Equal(41 * f, slower.ToClientTicks(40 * (f / 2)));
    }

    [Fact]
    public void Latency_samples_are_corrected_by_the_offset()
    {
        var f = Stopwatch.Frequency;
        var recorder = new ClientRecorder(new WireCounter());

        // The server's clock is 3 s ahead: an event it stamped at 103 s arrives at our 100.5 s, 0.5 s later.
        recorder.Arm(0, 16, new ClockOffset(3, 0.001, f));
        recorder.OnEvent(new ReceivedEvent(1, PublishTimestamp: 103 * f, ReceivedTimestamp: (100 * f) + (f / 2), PayloadBytes: 16));

        Assert.Equal([f / 2], recorder.Latency.Ticks.ToArray());

        // Uncorrected, the same event would have been recorded as arriving before it was sent (clamped to 0).
        recorder.Arm(0, 16);
        recorder.OnEvent(new ReceivedEvent(1, PublishTimestamp: 103 * f, ReceivedTimestamp: (100 * f) + (f / 2), PayloadBytes: 16));
        Assert.Equal([0L], recorder.Latency.Ticks.ToArray());
    }

    [Fact]
    public async Task On_one_host_the_offset_is_zero_within_its_uncertainty()
    {
        await using var server = await TransportServer.StartAsync(new TransportServerOptions()).WaitAsync(TestDefaults.Timeout);
        using var control = new ServerControlClient(server.ControlUri);

        var offset = await ClockOffsetEstimator.EstimateAsync(control, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // One clock: t0 ≤ t1 ≤ t2 ≤ t3, so |offset| ≤ delay / 2 holds exactly, however loaded the machine is.
        output.WriteLine($"loopback clock offset {offset.OffsetMs:0.####} ms ± {offset.UncertaintyMs:0.####} ms");
        Assert.True(Math.Abs(offset.OffsetSeconds) <= offset.UncertaintySeconds, $"offset {offset.OffsetMs} ms, uncertainty {offset.UncertaintyMs} ms");
    }
}
