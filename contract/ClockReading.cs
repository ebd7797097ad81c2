namespace Transports.Contract;

/// <summary>
/// The server's half of one NTP-style exchange (GET /control/clock): its <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp when the request reached the handler (t1) and just before the answer left it (t2), and the frequency
/// those ticks count at, which may differ from the client's on another host.
/// </summary>
public sealed record ClockReading(long ReceivedTimestamp, long SentTimestamp, long Frequency);
