using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>
/// The harness's side of the control plane (its own port: never in the wire counts). Off loopback the server wants
/// its bearer <paramref name="token"/> (`run --token`).
/// </summary>
public sealed class ServerControlClient(Uri controlUri, string? token = null) : IDisposable
{
    /// <summary>The longest a barrier call may wait for the other shards.</summary>
    public static readonly TimeSpan MaxBarrierWait = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions Json = ControlJson.Options;
    private readonly HttpClient _http = Create(controlUri, token, TimeSpan.FromSeconds(30));
    private readonly HttpClient _waits = Create(controlUri, token, MaxBarrierWait + TimeSpan.FromSeconds(30));

    /// <summary>Publishes at <paramref name="rateHz"/> (0 pauses) with fixed arrivals.</summary>
    public Task<FeedPosition> ConfigureAsync(double rateHz, int payloadBytes, CancellationToken cancellationToken) =>
        ConfigureAsync(new FeedSettings(rateHz, payloadBytes), cancellationToken);

    /// <summary>Sets rate, payload and arrivals; the answer carries the settings in force (Poisson with its seed).</summary>
    public Task<FeedPosition> ConfigureAsync(FeedSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var seed = settings.Seed is { } value ? string.Create(CultureInfo.InvariantCulture, $"&seed={value}") : "";
        return PostAsync<FeedPosition>(
            string.Create(CultureInfo.InvariantCulture, $"control/feed?rate={settings.RateHz}&payload={settings.PayloadBytes}&arrivals={Uri.EscapeDataString(settings.Arrivals)}{seed}"),
            cancellationToken);
    }

    /// <summary>Switches the streaming servers' write coalescing; the answer is the state now in force.</summary>
    public Task<CoalesceState> CoalesceAsync(bool on, CancellationToken cancellationToken) =>
        PostAsync<CoalesceState>(on ? "control/coalesce?on=true" : "control/coalesce?on=false", cancellationToken);

    public async Task<CoalesceState> CoalescingAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<CoalesceState>("control/coalesce", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no coalescing state");

    public async Task<FeedSettings> FeedAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<FeedSettings>("control/feed", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no feed settings");

    public Task<FeedPosition> PauseAsync(CancellationToken cancellationToken) => PostAsync<FeedPosition>("control/pause", cancellationToken);

    public Task<FeedPosition> PublishAsync(int count, int payloadBytes, CancellationToken cancellationToken) =>
        PostAsync<FeedPosition>(string.Create(CultureInfo.InvariantCulture, $"control/publish?count={count}&payload={payloadBytes}"), cancellationToken);

    public async Task<ServerStats> StatsAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<ServerStats>("control/stats", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no stats");

    public async Task ResetUpstreamAsync(int capacity, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(string.Create(CultureInfo.InvariantCulture, $"control/upstream/reset?capacity={capacity}"), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task<UpstreamStats> UpstreamAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<UpstreamStats>("control/upstream", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no upstream stats");

    /// <summary>The response profile and compression the server uses for the next scenario (POST /control/wire).</summary>
    public Task<WireSettings> WireAsync(WireSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PostAsync<WireSettings>(
            $"control/wire?profile={Uri.EscapeDataString(settings.Profile)}&compression={Uri.EscapeDataString(settings.Compression)}",
            cancellationToken);
    }

    /// <summary>The server's memory and open connections; <paramref name="collect"/> forces a full collection first.</summary>
    public async Task<ServerMemory> MemoryAsync(bool collect, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<ServerMemory>(collect ? "control/memory?gc=true" : "control/memory", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no memory reading");

    /// <summary>Aborts every transport connection at the server; returns how many.</summary>
    public Task<int> DropAsync(CancellationToken cancellationToken) => PostAsync<int>("control/drop", cancellationToken);

    public async Task<ServerInfo> InfoAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<ServerInfo>("control/info", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no info");

    /// <summary>The server's half of one clock exchange (see <see cref="ClockOffsetEstimator"/>).</summary>
    public async Task<ClockReading> ClockAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<ClockReading>("control/clock", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no clock reading");

    /// <summary>
    /// Arrives at the barrier <paramref name="key"/> of <paramref name="parties"/> shards, bringing
    /// <paramref name="value"/> if given, and returns once all have arrived; <see cref="TimeoutException"/> when they
    /// did not within <paramref name="wait"/>.
    /// </summary>
    public async Task<BarrierPass> BarrierAsync(string key, int parties, TimeSpan wait, long? value, CancellationToken cancellationToken)
    {
        var given = value is { } v ? string.Create(CultureInfo.InvariantCulture, $"&value={v}") : "";
        var path = string.Create(CultureInfo.InvariantCulture, $"control/barrier?key={Uri.EscapeDataString(key)}&parties={parties}&timeoutMs={(long)wait.TotalMilliseconds}{given}");
        using var response = await _waits.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.RequestTimeout)
        {
            throw new TimeoutException($"the other client shards did not reach '{key}' within {wait.TotalSeconds:0} s");
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BarrierPass>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the server sent no barrier answer");
    }

    public void Dispose()
    {
        _http.Dispose();
        _waits.Dispose();
    }

    private static HttpClient Create(Uri controlUri, string? token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = controlUri, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private async Task<T> PostAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the server sent no answer to {path}");
    }
}
