using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Transports.Contract;

namespace Transports.Bench.Harness;

/// <summary>The harness's side of the control plane (its own port: never in the wire counts).</summary>
public sealed class ServerControlClient(Uri controlUri) : IDisposable
{
    private static readonly JsonSerializerOptions Json = ControlJson.Options;
    private readonly HttpClient _http = new() { BaseAddress = controlUri, Timeout = TimeSpan.FromSeconds(30) };

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

    public async Task<ServerInfo> InfoAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<ServerInfo>("control/info", Json, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the server sent no info");

    public void Dispose() => _http.Dispose();

    private async Task<T> PostAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the server sent no answer to {path}");
    }
}
