using System.Runtime.InteropServices;

namespace Transports.Servers;

/// <summary>
/// Sleeps the calling thread for less than a millisecond. .NET's timers and waits count whole milliseconds, and a
/// timer due in under one fires at once through the timer thread and the thread pool: at 100,000 events a second that
/// chain, per wait, was a quarter of the server's CPU. On Linux <c>nanosleep</c> sleeps the given time (plus the
/// kernel's timer slack, 50 µs by default) with one system call; elsewhere the thread sleeps one millisecond tick.
/// </summary>
internal static partial class ShortSleep
{
    /// <summary>Waits at least this long go to a millisecond wait instead.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(1);

    /// <summary>Sleeps about <paramref name="duration"/> (at most <see cref="Longest"/>).</summary>
    public static void Sleep(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(1);
            return;
        }

        var nanoseconds = Math.Clamp(duration.Ticks, 1, Longest.Ticks) * 100;
        var request = new TimeSpec(0, (nint)nanoseconds);
        // An interrupted sleep (EINTR) simply ends early: the caller checks the clock again.
        _ = NanoSleep(request, IntPtr.Zero);
    }

    /// <summary>struct timespec: time_t and long, both the word size on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(nint Seconds, nint Nanoseconds);

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);
}
