namespace Transports.Results;

/// <summary>One figure RFC 6202 names, the model's value beside the measured one.</summary>
/// <param name="Statistic">"p50", "mean" or "max".</param>
/// <param name="Rule">The model in words, e.g. "three transits".</param>
public sealed record ModelCheck(string Statistic, string Rule, double ModelMs, double MeasuredMs)
{
    /// <summary>Measured over model; 0 when the model says 0.</summary>
    public double Ratio => ModelMs > 0 ? MeasuredMs / ModelMs : 0;
}
