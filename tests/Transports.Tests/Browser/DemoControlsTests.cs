using System.Net;
using System.Net.Http.Json;
using Transports.Clients;
using Transports.Contract;
using Transports.Servers;

namespace Transports.Tests.Browser;

/// <summary>
/// The live page's buttons are no open control plane: absent unless asked for, and then only for requests without an
/// Origin or from the server's own origin, with bounded values.
/// </summary>
public sealed class DemoControlsTests
{
    [Fact]
    public async Task Without_demo_controls_there_is_nothing_at_demo()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Server.HttpUri };

        using var response = await http.PostAsync(TransportPaths.Demo + "/drop", null).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_page_of_the_server_s_own_origin_sets_the_feed_and_any_other_origin_gets_403()
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { DemoControls = true });
        using var http = new HttpClient { BaseAddress = server.Server.HttpUri };
        var own = server.Server.HttpUri.GetLeftPart(UriPartial.Authority);

        async Task<HttpStatusCode> SetAsync(string? origin, string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, TransportPaths.Demo + "/feed?" + query);
            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            using var response = await http.SendAsync(request).WaitAsync(TestDefaults.Timeout);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await SetAsync("http://evil.example", "rate=7&payload=32"));
        Assert.Equal(HttpStatusCode.Forbidden, await SetAsync(own.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), "rate=7&payload=32"));
        Assert.Equal(0, server.Server.Publisher.RateHz);

        Assert.Equal(HttpStatusCode.BadRequest, await SetAsync(own, $"rate={DemoControls.MaxRateHz + 1}&payload=32"));
        Assert.Equal(HttpStatusCode.BadRequest, await SetAsync(own, $"rate=1&payload={DemoControls.MaxPayloadBytes + 1}"));
        Assert.Equal(HttpStatusCode.OK, await SetAsync(own, "rate=7&payload=32"));
        Assert.Equal(7, server.Server.Publisher.RateHz);
        Assert.Equal(32, server.Server.Publisher.PayloadBytes);
        Assert.Equal(HttpStatusCode.OK, await SetAsync(null, "rate=0&payload=32"));
        Assert.Equal(0, server.Server.Publisher.RateHz);
    }

    [Fact]
    public async Task Drop_drops_every_transport_connection_but_the_one_asking()
    {
        await using var server = await LoopbackTestServer.StartAsync(TestDefaults.ServerOptions with { DemoControls = true });
        await using var client = TransportClients.Create(TransportIds.WebSocket, server.Connections(new WireCounter()), new RecordingSink(), TestDefaults.ClientOptions);
        await client.StartAsync(cursor: null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);
        using var http = new HttpClient { BaseAddress = server.Server.HttpUri };

        using var response = await http.PostAsync(TransportPaths.Demo + "/drop", null).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<DroppedConnections>().WaitAsync(TestDefaults.Timeout))!.Dropped);
        await BadInput.Eventually.AssertAsync(() => client.Reconnects > 0, "the WebSocket client was dropped and reconnected");
    }

    [Fact]
    public async Task Transports_lists_every_descriptor_with_how_a_page_speaks_it()
    {
        await using var server = await LoopbackTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Server.HttpUri };

        var info = await http.GetFromJsonAsync<PageInfo>(TransportPaths.TransportList, LivePage.PageJson).WaitAsync(TestDefaults.Timeout);
        var page = await http.GetStringAsync(TransportPaths.Page).WaitAsync(TestDefaults.Timeout);

        Assert.NotNull(info);
        Assert.Equal(TransportIds.Ids, info.Transports.Select(t => t.Id));
        Assert.Equal(TransportIds.All.Select(d => d.Browser), info.Transports.Select(t => t.Browser));
        Assert.False(info.DemoControls);
        Assert.Contains("<title>Transports, live</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }
}
