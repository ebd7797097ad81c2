using System.Net;
using Transports.Bench.Harness;
using Transports.Contract;

namespace Transports.Tests.Time;

/// <summary>Arrivals and their seed through the control plane, as a harness sets them.</summary>
public sealed class FeedControlTests : IAsyncLifetime
{
    private LoopbackTestServer _server = null!;
    private ServerControlClient _control = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackTestServer.StartAsync();
        _control = new ServerControlClient(_server.Server.ControlUri);
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Poisson_arrivals_and_their_seed_are_set_and_reported_back()
    {
        var set = new FeedSettings(0, 32, FeedArrivals.Poisson, Seed: 42);

        var answer = await _control.ConfigureAsync(set, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(set, answer.Feed);
        Assert.Equal(set, await _control.FeedAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout));
    }

    [Fact]
    public async Task Poisson_without_a_seed_reports_the_seed_the_server_chose()
    {
        var answer = await _control.ConfigureAsync(new FeedSettings(0, 32, FeedArrivals.Poisson), CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.NotNull(answer.Feed!.Seed);
        Assert.Equal(answer.Feed, await _control.FeedAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout));
    }

    [Fact]
    public async Task The_defaults_keep_fixed_arrivals()
    {
        var answer = await _control.ConfigureAsync(0, 32, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(new FeedSettings(0, 32, FeedArrivals.Fixed, Seed: null), answer.Feed);
    }

    [Fact]
    public async Task Unknown_arrivals_are_refused_with_400()
    {
        using var http = new HttpClient { BaseAddress = _server.Server.ControlUri };
        using var response = await http.PostAsync("control/feed?rate=1&payload=32&arrivals=bursty", null).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FeedArrivals.Fixed, (await _control.FeedAsync(CancellationToken.None).WaitAsync(TestDefaults.Timeout)).Arrivals);
    }
}
