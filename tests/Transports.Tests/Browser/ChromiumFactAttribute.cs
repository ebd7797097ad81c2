using Transports.Bench.Browser;

namespace Transports.Tests.Browser;

/// <summary>
/// A test that needs Chromium: skipped, with one line naming the install command, only where there is no Chromium
/// (CI installs it, so there the test runs).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Find() is null)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}

/// <summary>The <see cref="ChromiumFactAttribute"/> of a theory.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (Chromium.Find() is null)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
