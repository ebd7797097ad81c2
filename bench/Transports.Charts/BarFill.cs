namespace Transports.Charts;

/// <summary>How a bar is filled; the color always comes from its key (the transport).</summary>
public enum BarFill
{
    Solid,
    Medium,
    Light,

    /// <summary>An unfilled dashed outline: a published figure, not a measurement.</summary>
    Reference,
}
