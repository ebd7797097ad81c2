using Transports.Contract;

namespace Transports.Tests.Wire;

/// <summary>
/// The browser profile is what Debian's Chromium sends (<see cref="BrowserCapture"/>). The capture runs here each time:
/// its header names must be the committed file's, kind by kind (values such as the version in User-Agent may move on).
/// With TRANSPORTS_CAPTURE_BROWSER_PROFILE set to a path, the capture is written there as the new profile file.
/// </summary>
public sealed class BrowserProfileTests
{
    [Fact]
    public async Task The_browser_profile_has_the_headers_this_machines_Chromium_sends()
    {
        var capture = await BrowserCapture.RunAsync();
        if (Environment.GetEnvironmentVariable("TRANSPORTS_CAPTURE_BROWSER_PROFILE") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, capture.ProfileFile(DateTimeOffset.UtcNow));
        }

        var profile = HeaderProfile.Get(ClientProfiles.Browser);
        var origin = new Uri(capture.Origin);
        foreach (var kind in Enum.GetValues<HttpRequestKind>())
        {
            var captured = capture.ProfileHeaders(kind);
            Assert.Contains(captured, h => h.Key == "User-Agent" && h.Value.Contains("Chrome/", StringComparison.Ordinal));
            Assert.True(
                captured.Select(h => h.Key).SequenceEqual(profile.RequestHeaders(kind, origin).Select(h => h.Key)),
                $"{kind}: Chromium ({capture.Version}) sends {string.Join(", ", captured.Select(h => h.Key))}; the profile lists {string.Join(", ", profile.RequestHeaders(kind, origin).Select(h => h.Key))}. Recapture as contract/profiles/browser.headers says.");
        }
    }
}
