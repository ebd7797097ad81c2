using Transports.Bench.Browser;

namespace Transports.Tests.Browser;

/// <summary>One headless Chromium per test class (launched only where Chromium is installed).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>The bound on every await of a browser test: a page may take a while to start on a loaded machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private Chromium? _chromium;

    public Chromium Chromium => _chromium ?? throw new InvalidOperationException(Chromium.MissingMessage);

    public async Task InitializeAsync()
    {
        if (Chromium.Find() is not null)
        {
            _chromium = await Chromium.LaunchAsync(CancellationToken.None).WaitAsync(Limit);
        }
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
