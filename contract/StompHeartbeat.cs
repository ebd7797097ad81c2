using System.Globalization;

namespace Transports.Contract;

/// <summary>
/// A <c>heart-beat</c> header: the least milliseconds between the heart-beats this side can send, and between the
/// ones it wants to receive (0: none). Each direction beats at the larger of the sender's and the receiver's
/// figure, and only when both are non-zero (STOMP 1.2, "Heart-beating"). A beat is one line feed, sent only when
/// nothing else went out for that long.
/// </summary>
public readonly record struct StompHeartbeat(long CanSendMs, long WantsMs)
{
    /// <summary>No heart-beats either way: a header absent, or 0,0.</summary>
    public static StompHeartbeat Off { get; } = new(0, 0);

    /// <summary>Both figures at <paramref name="interval"/> (zero: off).</summary>
    public static StompHeartbeat Every(TimeSpan interval)
    {
        var ms = (long)interval.TotalMilliseconds;
        return new StompHeartbeat(ms, ms);
    }

    /// <summary>Parses <c>cx,cy</c>; an absent header is <see cref="Off"/>; false for anything else.</summary>
    public static bool TryParse(string? header, out StompHeartbeat heartbeat)
    {
        heartbeat = Off;
        if (header is null)
        {
            return true;
        }

        var comma = header.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0
            || !long.TryParse(header.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var send)
            || !long.TryParse(header.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var want))
        {
            return false;
        }

        heartbeat = new StompHeartbeat(send, want);
        return true;
    }

    /// <summary>
    /// The longest interval beaten at: a timer waits at most this long (<c>Task.Delay</c> takes under 2^32 ms). The
    /// header takes any non-negative figure up to a long's range; a larger one is no different in practice: never.
    /// </summary>
    public static TimeSpan MaxInterval { get; } = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>How often this side beats towards a peer that sent <paramref name="peer"/> (zero: never), at most <see cref="MaxInterval"/>.</summary>
    public TimeSpan SendInterval(StompHeartbeat peer) =>
        CanSendMs == 0 || peer.WantsMs == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(Math.Max(CanSendMs, peer.WantsMs), (long)MaxInterval.TotalMilliseconds));

    /// <summary>The header's value.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CanSendMs},{WantsMs}");
}
