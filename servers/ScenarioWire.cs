using Microsoft.AspNetCore.Http;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// What the server does on the wire for the scenario being measured, set by the harness over the control plane
/// (POST /control/wire): the response headers of the scenario's client profile (only a profile that reproduces a
/// published exchange has any: lubbers2010) and the compression it may answer with when a client accepts it. The
/// defaults (minimal, none) are the server as it always was.
/// </summary>
public sealed class ScenarioWire
{
    private volatile WireSettings _settings = new(ClientProfiles.Minimal, ContentCodings.None);

    public WireSettings Settings => _settings;

    public HeaderProfile Profile => HeaderProfile.Get(_settings.Profile);

    public void Set(WireSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ClientProfiles.IsKnown(settings.Profile) || !ContentCodings.IsKnown(settings.Compression))
        {
            throw new ArgumentException($"unknown profile '{settings.Profile}' or compression '{settings.Compression}'", nameof(settings));
        }

        _settings = settings;
    }

    /// <summary>The content coding to answer <paramref name="request"/> with (null: identity).</summary>
    public string? CodingFor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ContentCodings.Choose(_settings.Compression, request.Headers.AcceptEncoding.ToString());
    }

    /// <summary>Whether a WebSocket may negotiate permessage-deflate (when its client offers it).</summary>
    public bool WebSocketCompression => _settings.Compression != ContentCodings.None;

    /// <summary>
    /// Sets the profile's response headers as the response starts. A profile's Content-Type replaces only a batch
    /// answer's (poll, long poll): a stream keeps text/event-stream, a handshake has none.
    /// </summary>
    public void ApplyResponseHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = Profile.ResponseHeaders;
        if (headers.Count == 0)
        {
            return;
        }

        response.OnStarting(() =>
        {
            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    if (response.ContentType == EventBatch.ContentType)
                    {
                        response.ContentType = value;
                    }
                }
                else
                {
                    response.Headers[name] = value;
                }
            }

            return Task.CompletedTask;
        });
    }
}
