using Transports.Bench;
using Transports.Bench.Harness;

namespace Transports.Tests.Interop;

/// <summary>
/// One `serve` process (the built bench, as users run it) for a whole test class; upstream messages are capped at
/// <see cref="MaxUpstreamBytes"/> so the oversized checks stay cheap.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public const int MaxUpstreamBytes = 4096;

    private ServerProcess? _serve;

    public ServerTarget Target => _serve?.Target ?? throw new InvalidOperationException("serve has not started");

    public async Task InitializeAsync() =>
        _serve = await ServerProcess.StartAsync(["--max-upstream", $"{MaxUpstreamBytes}"], CancellationToken.None, typeof(BenchCli).Assembly.Location).WaitAsync(TimeSpan.FromSeconds(90));

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }
}
