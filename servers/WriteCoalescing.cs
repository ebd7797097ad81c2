namespace Transports.Servers;

/// <summary>
/// Whether streaming sessions write every event already waiting under one flush (the default, as Kestrel's pipes and
/// SignalR's transports do) or flush each event on its own. Starts at <see cref="TransportServerOptions.CoalesceEvents"/>;
/// the harness switches it per scenario through the control plane. A session reads it before each batch.
/// </summary>
public sealed class WriteCoalescing(TransportServerOptions options)
{
    private volatile bool _enabled = options?.CoalesceEvents ?? throw new ArgumentNullException(nameof(options));

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
