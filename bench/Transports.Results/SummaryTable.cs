namespace Transports.Results;

/// <summary>
/// One metric across the run, presentation-neutral: transports as rows (report order, tcp last), one column
/// per combination of the other settings. summary.md, the console and the HTML report all render these.
/// </summary>
public sealed record SummaryTable(Metric Metric, IReadOnlyList<string> Columns, IReadOnlyList<SummaryRow> Rows)
{
    public string Title => Metric.Title;

    public string Unit => Metric.Unit;

    /// <summary>"Title (unit)", the heading every rendering uses.</summary>
    public string Heading => Metric.Heading;
}
