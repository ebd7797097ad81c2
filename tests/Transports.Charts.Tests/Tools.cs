namespace Transports.Charts.Tests;

/// <summary>
/// External tools the tests require (CI installs them: apt-get install librsvg2-bin chromium). A missing tool
/// fails the test with the install line rather than skipping, so CI cannot go green without the check.
/// </summary>
public static class Tools
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static RsvgConverter Rsvg() =>
        RsvgConverter.Find() ?? throw new InvalidOperationException("rsvg-convert is not on PATH: apt-get install -y librsvg2-bin");

    public static string Chromium() =>
        File.Exists(ChromiumPath) ? ChromiumPath : throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium");

    /// <summary>Where tests leave files worth looking at (screenshots, a sample report): next to the test binaries.</summary>
    public static string ArtifactsDirectory()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(path);
        return path;
    }
}
