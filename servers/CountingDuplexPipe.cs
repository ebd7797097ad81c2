using System.IO.Pipelines;
using Transports.Contract;

namespace Transports.Servers;

/// <summary>
/// Wraps a Kestrel connection's transport so every byte read and written is counted, before any HTTP,
/// WebSocket or TCP framing code sees it (and, if <paramref name="flushed"/> is given, every flush of the output).
/// </summary>
public sealed class CountingDuplexPipe(IDuplexPipe inner, WireCounter counter, Action? flushed = null) : IDuplexPipe
{
    public PipeReader Input { get; } = new CountingPipeReader(inner.Input, counter);

    public PipeWriter Output { get; } = new CountingPipeWriter(inner.Output, counter, flushed);
}
