using System.Diagnostics;

namespace Transports.Tests.BadInput;

/// <summary>Waits, bounded by <see cref="TestDefaults.Timeout"/>, for a condition the server reaches on its own time.</summary>
internal static class Eventually
{
    public static async Task AssertAsync(Func<bool> condition, string because)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(TestDefaults.Timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), because);
    }
}
