using Microsoft.Playwright;

namespace Transports.Bench.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (never `playwright install`: the browser comes from apt), headless, with a
/// fresh profile (Playwright gives every launch a new temporary user-data-dir) and nothing of its own on the network:
/// no QUIC, no background or component traffic, so every byte at the server is a page's.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian installs it; TRANSPORTS_CHROMIUM points elsewhere.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    public const string PathVariable = "TRANSPORTS_CHROMIUM";

    /// <summary>What to run where it is missing.</summary>
    public const string InstallCommand = "apt-get install -y chromium";

    /// <summary>Flags beyond Playwright's own headless set.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>The executable to launch, or null when there is none.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } given ? given : DefaultPath;
        return File.Exists(path) ? path : null;
    }

    /// <summary>One line for a person when <see cref="Find"/> finds nothing.</summary>
    public static string MissingMessage => $"chromium is not installed at {DefaultPath} (or ${PathVariable}): {InstallCommand}";

    public static async Task<Chromium> LaunchAsync(CancellationToken cancellationToken)
    {
        var path = Find() ?? throw new FileNotFoundException(MissingMessage);
        var playwright = await Playwright.CreateAsync().WaitAsync(LaunchTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = [.. Arguments],
            }).WaitAsync(LaunchTimeout, cancellationToken).ConfigureAwait(false);
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(LaunchTimeout).ConfigureAwait(false);
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
