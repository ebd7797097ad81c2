namespace Transports.Bench.Harness;

/// <summary>
/// One NTP-style exchange over the control plane: t0 the client sends, t1 the server receives, t2 the server
/// answers, t3 the client receives. The client's times are its Stopwatch ticks at <see cref="ClientFrequency"/>,
/// the server's at <see cref="ServerFrequency"/>; each is turned into seconds of its own clock before they meet,
/// so two hosts whose Stopwatch counts at different rates still compare (a double holds seconds since boot to
/// well under a nanosecond for years of uptime).
/// offset = ((t1 − t0) + (t2 − t3)) / 2 is how far the server's clock reads ahead of the client's;
/// delay = (t3 − t0) − (t2 − t1) is the network round trip; the offset is off by at most delay / 2.
/// </summary>
public readonly record struct ClockSample(long T0, long T1, long T2, long T3, long ClientFrequency, long ServerFrequency)
{
    /// <summary>Server clock minus client clock, in seconds.</summary>
    public double OffsetSeconds => ((Server(T1) - Client(T0)) + (Server(T2) - Client(T3))) / 2;

    /// <summary>The round trip without the server's own time, in seconds.</summary>
    public double DelaySeconds => (Client(T3) - Client(T0)) - (Server(T2) - Server(T1));

    private double Client(long ticks) => (double)ticks / ClientFrequency;

    private double Server(long ticks) => (double)ticks / ServerFrequency;
}
